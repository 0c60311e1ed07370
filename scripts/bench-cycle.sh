#!/usr/bin/env bash
# The monthly cycle benchmark: what a program manager waits for once a month.
#
# The work: a 100,000-employee organisation (EMPLOYEES) with 96 months of history (MONTHS,
# about 1,000,000 sessions) is generated and imported, all but its newest month. Then the
# cycle, timed step by step on a fresh copy of that database (CREATE DATABASE … TEMPLATE) in
# each of REPS runs:
#   import sessions  — the newest month's sessions (about 10,000)
#   import outcomes  — their outcomes
#   import roster    — next month's roster (about 2 % leavers, 3 % hires, 5 % changes)
#   metrics refresh  — whatever the imports left stale
#   report monthly   — HTML for the newest month
# Prints each step's median and range over the runs, and the whole cycle's. The target is a
# cycle under 10 s on a 2-core machine. There is no hand-written equivalent of a whole cycle;
# the import steps are compared with psql \copy in bench-sessions.sh and bench-roster.sh.
#
# Usage: scripts/bench-cycle.sh        EMPLOYEES=20000 MONTHS=24 REPS=3 scripts/bench-cycle.sh
source "$(dirname "$0")/lib/common.sh"  # strict mode, repository root as working directory

employees="${EMPLOYEES:-100000}"
months="${MONTHS:-96}"
reps="${REPS:-3}"
per_month="${SESSIONS_PER_MONTH:-$((employees / 10 + employees / 250))}"
start_benchmark mmadmin-only 55444
admin="$(url postgres)"

data="$work/data"
"$mmadmin" demo generate --employees "$employees" --months "$months" --sessions-per-month "$per_month" \
    --out "$data" --seed 7 --as-of 2026-11-01 >/dev/null
# The newest month's sessions and their outcomes are the cycle's; the rest is history.
newest=$(python3 - "$data" <<'PY'
import csv, sys
folder = sys.argv[1]
with open(f"{folder}/sessions.csv", newline="") as handle:
    rows = list(csv.reader(handle))
header, body = rows[0], rows[1:]
newest = max(row[3][:7] for row in body)
fresh = {row[0] for row in body if row[3][:7] == newest}
for name, keep in (("sessions-old.csv", lambda r: r[3][:7] < newest), ("sessions-new.csv", lambda r: r[3][:7] == newest)):
    with open(f"{folder}/{name}", "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(row for row in body if keep(row))
with open(f"{folder}/outcomes.csv", newline="") as handle:
    rows = list(csv.reader(handle))
for name, keep in (("outcomes-old.csv", lambda r: r[1] not in fresh), ("outcomes-new.csv", lambda r: r[1] in fresh)):
    with open(f"{folder}/{name}", "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(rows[0])
        writer.writerows(row for row in rows[1:] if keep(row))
print(newest)
PY
)
base="$(url cycle_base)"
psql -qX "$admin" -c "CREATE DATABASE cycle_base"
"$mmadmin" db migrate --database-url "$base" >/dev/null
"$mmadmin" import roster "$data/roster.csv" --as-of 2026-10-01 --database-url "$base" >/dev/null
for kind in cohorts mentors enrollments; do "$mmadmin" import "$kind" "$data/$kind.csv" --database-url "$base" >/dev/null; done
"$mmadmin" import sessions "$data/sessions-old.csv" --database-url "$base" >/dev/null 2>&1
"$mmadmin" import outcomes "$data/outcomes-old.csv" --database-url "$base" >/dev/null 2>&1
"$mmadmin" metrics refresh --database-url "$base" >/dev/null
psql -qX "$base" -c "VACUUM ANALYZE"
history=$(psql -qXtA "$base" -c "SELECT count(*) FROM mm.sessions")

steps=(sessions outcomes roster refresh report total)
declare -A times
for ((run = 1; run <= reps; run++)); do
    psql -qX "$admin" -c "CREATE DATABASE cycle_run TEMPLATE cycle_base"
    db="$(url cycle_run)"
    psql -qX "$db" -c "VACUUM ANALYZE" >/dev/null
    psql -qX "$admin" -c "CHECKPOINT"
    t1=$(seconds "$mmadmin" import sessions "$data/sessions-new.csv" --database-url "$db")
    t2=$(seconds "$mmadmin" import outcomes "$data/outcomes-new.csv" --database-url "$db")
    t3=$(seconds "$mmadmin" import roster "$data/roster-next.csv" --as-of 2026-11-01 --database-url "$db")
    t4=$(seconds "$mmadmin" metrics refresh --database-url "$db")
    t5=$(seconds "$mmadmin" report monthly --month "$newest" --output "$work/report.html" --database-url "$db")
    total=$(awk -v a="$t1" -v b="$t2" -v c="$t3" -v d="$t4" -v e="$t5" 'BEGIN { printf "%.3f", a + b + c + d + e }')
    for pair in "sessions $t1" "outcomes $t2" "roster $t3" "refresh $t4" "report $t5" "total $total"; do
        set -- $pair
        times[$1]="${times[$1]:-} $2"
    done
    psql -qX "$admin" -c "DROP DATABASE cycle_run"
done

# Median and range of a list of numbers.
summary() { tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%8.3f  (%.3f–%.3f)", m, v[1], v[NR] }'; }

echo "data: $employees employees, $history sessions of history, cycle month $newest ($(( $(wc -l < "$data/sessions-new.csv") - 1 )) sessions, $(( $(wc -l < "$data/outcomes-new.csv") - 1 )) outcomes), $reps runs"
printf '%-10s %s\n' step "median s  (range)"
for step in "${steps[@]}"; do printf '%-10s %s\n' "$step" "$(summary "${times[$step]}")"; done
