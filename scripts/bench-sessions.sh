#!/usr/bin/env bash
# Sessions and outcomes import benchmark.
#
# The work: a synthetic program history on a 100,000-employee roster (EMPLOYEES), about 30 %
# taking part, about 1,000,000 sessions over 36 months (MONTHS) and outcomes for about 70 % of
# them. The roster, cohorts and mentors are imported first (not timed). Then, timed, in the same
# run on the same files:
#   mmadmin import sessions / import outcomes  (stage with COPY, set-based checks and merge)
#   psql \copy of the same files into typed tables with the same checks, foreign keys and
#   indexes (scripts/bench/sessions-handwritten.sql), in a copy of the same database.
# Then the sessions file is imported again (it must change nothing). Prints each time and the
# ratio mmadmin / hand-written.
#
# Usage: scripts/bench-sessions.sh        EMPLOYEES=20000 MONTHS=12 scripts/bench-sessions.sh
source "$(dirname "$0")/lib/common.sh"  # strict mode, repository root as working directory

employees="${EMPLOYEES:-100000}"
months="${MONTHS:-36}"
start_benchmark mmadmin-only 55442

data="$work/data"
"$mmadmin" demo generate --employees "$employees" --months "$months" --out "$data" --seed 11
sessions=$(( $(wc -l < "$data/sessions.csv") - 1 ))
outcomes=$(( $(wc -l < "$data/outcomes.csv") - 1 ))

mm="$(url bench_mm)"
psql -qX "$(url postgres)" -c "CREATE DATABASE bench_mm"
"$mmadmin" db migrate --database-url "$mm" >/dev/null
"$mmadmin" import roster "$data/roster.csv" --as-of 2026-10-01 --database-url "$mm" >/dev/null
for kind in cohorts mentors enrollments; do "$mmadmin" import "$kind" "$data/$kind.csv" --database-url "$mm" >/dev/null; done
psql -qX "$mm" -c "VACUUM ANALYZE"
psql -qX "$(url postgres)" -c "CREATE DATABASE bench_hand TEMPLATE bench_mm"
hand="$(url bench_hand)"
psql -qX "$hand" -f scripts/bench/sessions-handwritten.sql

hand_sessions() {
    psql -qX "$hand" -v ON_ERROR_STOP=1 -c "\\copy public.hand_sessions (external_id, mentor_id, mentee_id, started_at, duration_minutes, format, topic, cohort, status) FROM '$data/sessions.csv' WITH (FORMAT csv, HEADER true)"
}
hand_outcomes() {
    psql -qX "$hand" -v ON_ERROR_STOP=1 -c "\\copy public.hand_outcomes (external_id, session, mentee_rating, mentor_rating, goal_met, follow_up, note) FROM '$data/outcomes.csv' WITH (FORMAT csv, HEADER true)"
}

hand_s=$(seconds hand_sessions)
mm_s=$(seconds "$mmadmin" import sessions "$data/sessions.csv" --database-url "$mm")
hand_o=$(seconds hand_outcomes)
mm_o=$(seconds "$mmadmin" import outcomes "$data/outcomes.csv" --database-url "$mm")
again=$(seconds "$mmadmin" import sessions "$data/sessions.csv" --database-url "$mm")
grep -q "nothing changed" "$work/last.out" || { echo "re-import changed something" >&2; exit 1; }
stored=$(psql -qXtA "$mm" -c "SELECT count(*) FROM mm.sessions")
[ "$stored" -eq "$sessions" ] || { echo "stored $stored sessions, expected $sessions" >&2; exit 1; }

printf '%-34s %10s %9s %9s %7s\n' step rows mmadmin_s hand_s ratio
printf '%-34s %10s %9s %9s %7s\n' "import sessions" "$sessions" "$mm_s" "$hand_s" "$(ratio "$mm_s" "$hand_s")"
printf '%-34s %10s %9s %9s %7s\n' "import outcomes" "$outcomes" "$mm_o" "$hand_o" "$(ratio "$mm_o" "$hand_o")"
printf '%-34s %10s %9s %9s %7s\n' "sessions again (nothing changes)" "$sessions" "$again" "$hand_s" "$(ratio "$again" "$hand_s")"
