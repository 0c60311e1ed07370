#!/usr/bin/env bash
# Matching benchmark.
#
# The work: a 100,000-employee organisation (EMPLOYEES) with 12 months of program history
# (about 300,000 sessions, so new-tie, cool-down and topic history are real) imported into a
# throwaway cluster; then a cohort "Benchmark round" with 2,000 waiting mentees (MENTEES) and
# 800 mentors (MENTORS) of capacity 1-4, picked pseudo-randomly across the organisation. Timed:
#   `mmadmin match suggest --mentee … --topic negotiation`, 11 runs over different mentees
#     against every mentor profile (median, whole process: start, connect, queries, ranking);
#   `mmadmin match cohort "Benchmark round" --dry-run` (whole process; target < 10 s);
#   the exact assignment against a greedy baseline on the same round (mmadmin-bench match: both
#     totals, the ratio, and 300 small problems cut from the data checked against exhaustive
#     search).
# There is no hand-written PostgreSQL equivalent of an optimal assignment to compare with; the
# issue's baseline is the greedy pass, computed in the same run.
#
# Usage: scripts/bench-match.sh        EMPLOYEES=20000 MENTEES=500 MENTORS=200 scripts/bench-match.sh
source "$(dirname "$0")/lib/common.sh"  # strict mode, repository root as working directory

employees="${EMPLOYEES:-100000}"
mentees="${MENTEES:-2000}"
mentors="${MENTORS:-800}"
start_benchmark with-bench 55444
db="$(cluster_url postgres)"

data="$work/data"
"$mmadmin" demo generate --employees "$employees" --months 12 --out "$data" --seed 3 --as-of 2026-11-01 >/dev/null
"$mmadmin" db migrate --database-url "$db" >/dev/null
"$mmadmin" import roster "$data/roster.csv" --as-of 2026-11-01 --database-url "$db" >/dev/null
for kind in cohorts mentors enrollments sessions; do "$mmadmin" import "$kind" "$data/$kind.csv" --database-url "$db" >/dev/null; done

# The benchmark cohort: mentors and mentees drawn by a hash of the id, disjoint, all active;
# mentees enrolled over November so that waiting times differ.
psql -qX "$db" -v ON_ERROR_STOP=1 <<SQL
INSERT INTO mm.cohorts (name, starts_on, ends_on) VALUES ('Benchmark round', '2026-11-01', '2027-01-31');
CREATE TEMP TABLE picked AS
    SELECT employee_id, row_number() OVER (ORDER BY md5(employee_id)) AS n
    FROM mm.employees WHERE status = 'active';
INSERT INTO mm.mentors (employee_id, topics, monthly_capacity)
SELECT employee_id,
       ARRAY[(ARRAY['negotiation', 'sql', 'leadership', 'career growth', 'public speaking', 'hiring'])[1 + n % 6]],
       1 + n % 4
FROM picked WHERE n <= $mentors
ON CONFLICT (employee_id) DO UPDATE SET monthly_capacity = EXCLUDED.monthly_capacity, active = true;
INSERT INTO mm.cohort_members (cohort_id, employee_id, role, enrolled_on)
SELECT c.cohort_id, p.employee_id, CASE WHEN p.n <= $mentors THEN 'mentor' ELSE 'mentee' END,
       DATE '2026-11-01' + (p.n % 28)::integer
FROM picked AS p, mm.cohorts AS c
WHERE c.name = 'Benchmark round' AND p.n <= $mentors + $mentees;
VACUUM ANALYZE;
SQL
sessions=$(psql -qXtA "$db" -c "SELECT count(*) FROM mm.sessions")
profiles=$(psql -qXtA "$db" -c "SELECT count(*) FROM mm.mentors")
places=$(psql -qXtA "$db" -c "SELECT sum(m.monthly_capacity) FROM mm.mentors AS m JOIN mm.cohort_members AS cm USING (employee_id) JOIN mm.cohorts AS c USING (cohort_id) WHERE cm.role = 'mentor' AND c.name = 'Benchmark round'")

# match suggest for 11 mentees who have a history (the slowest case: past topics and partners).
suggest_times=()
for mentee in $(psql -qXtA "$db" -c "SELECT mentee_id FROM mm.sessions GROUP BY mentee_id ORDER BY md5(mentee_id) LIMIT 11"); do
    suggest_times+=("$(seconds "$mmadmin" match suggest --mentee "$mentee" --topic negotiation --on 2026-12-01 --database-url "$db")")
done
suggest_median=$(printf '%s\n' "${suggest_times[@]}" | sort -n | sed -n 6p)
cp "$work/last.out" "$work/suggest.out"

cohort_time=$(seconds "$mmadmin" match cohort "Benchmark round" --round 2026-12-01 --dry-run --database-url "$db")
cohort_summary=$(head -1 "$work/last.out"; tail -1 "$work/last.out")

echo "data: $employees employees, $sessions sessions, $profiles mentor profiles; cohort: $mentees mentees, $mentors mentors with $places places"
printf '%-62s %9s\n' step seconds
printf '%-62s %9s\n' "mmadmin match suggest (median of 11, whole process)" "$suggest_median"
printf '%-62s %9s\n' "mmadmin match cohort --dry-run (whole process)" "$cohort_time"
echo "suggest runs: ${suggest_times[*]}"
echo "last suggestion list:"
cat "$work/suggest.out"
echo "$cohort_summary"
echo "exact assignment vs greedy baseline on the same round:"
"$bench" match "$db" "Benchmark round" 2026-12-01 300
