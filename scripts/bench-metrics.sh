#!/usr/bin/env bash
# Metrics and report benchmark.
#
# The work: a 100,000-employee organisation (EMPLOYEES) with about 1,000,000 sessions over 96
# months (MONTHS, SESSIONS_PER_MONTH) imported into a throwaway cluster; then, timed:
#   `mmadmin metrics refresh --force` from scratch (every month's network figures),
#   `mmadmin import sessions` of one more month (which refreshes the network figures itself),
#   `mmadmin metrics refresh` of that month alone,
#   `mmadmin report monthly` (HTML) with fresh metrics, and `mmadmin report quarterly` (HTML)
#   of the last complete quarter,
# and, from the same ties exported once (pair, month of first session, crosses departments),
# the last month's components, degree, largest component, two-hop reach and cross-department
# share with mmadmin's NetworkCalculator (`mmadmin-bench network`, what `metrics refresh`
# runs), python-igraph and networkx (installed with pip when missing), file reading and graph
# build included. Prints every time and the ratios reference / mmadmin (above 1: mmadmin faster).
#
# Usage: scripts/bench-metrics.sh         EMPLOYEES=20000 MONTHS=24 scripts/bench-metrics.sh
source "$(dirname "$0")/lib/common.sh"  # strict mode, repository root as working directory

employees="${EMPLOYEES:-100000}"
months="${MONTHS:-96}"
per_month="${SESSIONS_PER_MONTH:-$((employees / 10 + employees / 250))}"
python3 -c "import igraph" 2>/dev/null || pip install -q python-igraph
python3 -c "import networkx" 2>/dev/null || pip install -q networkx
start_benchmark with-bench 55443
db="$(cluster_url postgres)"

data="$work/data"
"$mmadmin" demo generate --employees "$employees" --months "$months" --sessions-per-month "$per_month" \
    --out "$data" --seed 5 --as-of 2026-11-01 >/dev/null
# Hold the newest month back to import it later, as next month's data.
python3 - "$data" <<'PY'
import csv, sys
folder = sys.argv[1]
with open(f"{folder}/sessions.csv", newline="") as handle:
    rows = list(csv.reader(handle))
header, body = rows[0], rows[1:]
latest = max(row[3][:7] for row in body)
for name, keep in (("sessions-old.csv", lambda r: r[3][:7] < latest), ("sessions-new.csv", lambda r: r[3][:7] == latest)):
    with open(f"{folder}/{name}", "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(row for row in body if keep(row))
PY
"$mmadmin" db migrate --database-url "$db" >/dev/null
"$mmadmin" import roster "$data/roster.csv" --as-of 2026-10-01 --database-url "$db" >/dev/null
for kind in cohorts mentors enrollments; do "$mmadmin" import "$kind" "$data/$kind.csv" --database-url "$db" >/dev/null; done
"$mmadmin" import sessions "$data/sessions-old.csv" --database-url "$db" >/dev/null
psql -qX "$db" -c "VACUUM ANALYZE"
sessions=$(psql -qXtA "$db" -c "SELECT count(*) FROM mm.sessions")

scratch=$(seconds "$mmadmin" metrics refresh --force --database-url "$db")
# Importing a recent month refreshes the network figures on the spot; to time that refresh
# alone, the month is marked stale again afterwards, as the import's triggers had marked it.
import_month=$(seconds "$mmadmin" import sessions "$data/sessions-new.csv" --database-url "$db")
new_month=$(psql -qXtA "$db" -c "SELECT date_trunc('month', max(started_at) AT TIME ZONE 'UTC')::date FROM mm.sessions")
psql -qX "$db" -c "UPDATE mm.metrics_state SET dirty_from = '$new_month' WHERE name = 'network_monthly'"
one_more=$(seconds "$mmadmin" metrics refresh --database-url "$db")
last_month=$(psql -qXtA "$db" -c "SELECT to_char(max(month), 'YYYY-MM') FROM mm_metrics.network_monthly WHERE new_ties > 0")
report=$(seconds "$mmadmin" report monthly --month "$last_month" --output "$work/report.html" --database-url "$db")
quarterly=$(seconds "$mmadmin" report quarterly --output "$work/quarterly.html" --database-url "$db")

psql -qX "$db" -c "\\copy (SELECT least(mentor_id, mentee_id) AS a, greatest(mentor_id, mentee_id) AS b, to_char(min(started_at) AT TIME ZONE 'UTC', 'YYYY-MM') AS month, '' AS crosses FROM mm.sessions WHERE status = 'completed' GROUP BY 1, 2) TO '$work/ties.csv' WITH (FORMAT csv, HEADER true)"
ours_out=$("$bench" network "$work/ties.csv" "$last_month")
igraph_out=$(python3 scripts/bench/network_reference.py "$work/ties.csv" "$last_month" igraph)
networkx_out=$(python3 scripts/bench/network_reference.py "$work/ties.csv" "$last_month" networkx)
ties=$(( $(wc -l < "$work/ties.csv") - 1 ))
ours_s=${ours_out%% *}
igraph_s=${igraph_out%% *}
networkx_s=${networkx_out%% *}

echo "data: $employees employees, $sessions sessions (+1 month), $ties ties, report month $last_month"
printf '%-52s %9s\n' step seconds
printf '%-52s %9s\n' "mmadmin metrics refresh, from scratch (all months)" "$scratch"
printf '%-52s %9s\n' "mmadmin import sessions, one more month (+ refresh)" "$import_month"
printf '%-52s %9s\n' "mmadmin metrics refresh after one more month" "$one_more"
printf '%-52s %9s\n' "mmadmin report monthly (html, fresh metrics)" "$report"
printf '%-52s %9s\n' "mmadmin report quarterly (html)" "$quarterly"
printf '%-52s %9s\n' "mmadmin NetworkCalculator, last month (same file)" "$ours_s"
printf '%-52s %9s\n' "python-igraph, last month only (incl. graph build)" "$igraph_s"
printf '%-52s %9s\n' "networkx, last month only (incl. graph build)" "$networkx_s"
echo "ratios for the last month from the ties file: igraph / mmadmin $(ratio "$igraph_s" "$ours_s"); networkx / mmadmin $(ratio "$networkx_s" "$ours_s")"
echo "mmadmin figures (file): ${ours_out#* }"
echo "igraph figures:   ${igraph_out#* }"
echo "networkx figures: ${networkx_out#* }"
echo "mmadmin figures:  $(psql -qXtA "$db" -c "SELECT components, largest_component_share, avg_degree, mean_two_hop_reach FROM mm_metrics.network_monthly WHERE month = '$last_month-01'")"
