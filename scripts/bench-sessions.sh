#!/usr/bin/env bash
# Sessions and outcomes import benchmark.
#
# The work: a synthetic program history on a 100,000-employee roster (EMPLOYEES): about 30 %
# taking part, about 1,000,000 sessions over 96 months (MONTHS, SESSIONS_PER_MONTH) naming
# cohorts their people are not enrolled in yet (the import enrols about 760,000), and outcomes
# for about 70 % of them. The roster, cohorts, mentors and enrollments are imported once into a
# template database (not timed). Then, REPS times, each on fresh copies of that template, timed
# in turns whose order rotates:
#   mmadmin      `import sessions` and `import outcomes` (stage with COPY, set-based checks, merge)
#   hand-written psql \copy of the same files into typed tables with the same checks, foreign
#                keys and indexes as mm.sessions and mm.outcomes (scripts/bench/sessions-handwritten.sql)
#   floor        psql \copy of the same files into a bare typed table with a primary key: what
#                loading the bytes costs on this machine, whatever the tables
# and, on a fresh copy, mmadmin importing only the first 100,000 sessions (SMALL) as a file of
# their own, which must take less than a tenth of the whole file's time. Finally the whole file
# is imported again, which must change nothing. Every step starts after a CHECKPOINT.
# Prints medians with ranges, and the median of the paired ratios (each run's mmadmin time over
# the same run's reference) with their range: the shared machines' speed drifts between runs
# more than between neighbours.
#
# Usage: scripts/bench-sessions.sh        EMPLOYEES=20000 MONTHS=24 REPS=1 scripts/bench-sessions.sh
source "$(dirname "$0")/lib/common.sh"  # strict mode, repository root as working directory

employees="${EMPLOYEES:-100000}"
months="${MONTHS:-96}"
per_month="${SESSIONS_PER_MONTH:-$((employees / 10 + employees / 250))}"
reps="${REPS:-3}"
small="${SMALL:-100000}"
start_benchmark mmadmin-only 55442
admin="$(url postgres)"

data="$work/data"
"$mmadmin" demo generate --employees "$employees" --months "$months" --sessions-per-month "$per_month" \
    --out "$data" --seed 11 >/dev/null
sessions=$(( $(wc -l < "$data/sessions.csv") - 1 ))
outcomes=$(( $(wc -l < "$data/outcomes.csv") - 1 ))
head -n $((small + 1)) "$data/sessions.csv" > "$data/sessions-small.csv"

psql -qX "$admin" -c "CREATE DATABASE bench_base"
"$mmadmin" db migrate --database-url "$(url bench_base)" >/dev/null
"$mmadmin" import roster "$data/roster.csv" --as-of 2026-10-01 --database-url "$(url bench_base)" >/dev/null
for kind in cohorts mentors enrollments; do
    "$mmadmin" import "$kind" "$data/$kind.csv" --database-url "$(url bench_base)" >/dev/null
done
psql -qX "$(url bench_base)" -c "VACUUM ANALYZE"
psql -qX "$admin" -c "CREATE DATABASE bench_hand_base TEMPLATE bench_base"
psql -qX "$(url bench_hand_base)" -f scripts/bench/sessions-handwritten.sql

# Prints the seconds a command takes, after a checkpoint; output goes to $work/last.out/.err.
timed() { psql -qX "$admin" -c CHECKPOINT; seconds "$@"; }
fresh() { psql -qX "$admin" -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1${2:+ TEMPLATE $2}"; }
copy_into() { psql -qX "$(url "$1")" -v ON_ERROR_STOP=1 -c "\\copy $2 FROM '$3' WITH (FORMAT csv, HEADER true)"; }
mm_import() { "$mmadmin" import "$1" "$2" --database-url "$(url "$3")"; }

mm_s=(); mm_o=(); hand_s=(); hand_o=(); floor_s=(); floor_o=(); mm_small=()
for rep in $(seq "$reps"); do
    fresh bench_mm bench_base
    fresh bench_hand bench_hand_base
    fresh bench_floor
    psql -qX "$(url bench_floor)" -c "
        CREATE TABLE floor_sessions (session_id text PRIMARY KEY, mentor_employee_id text, mentee_employee_id text,
            started_at timestamptz, duration_minutes integer, format text, topic text, cohort text, status text);
        CREATE TABLE floor_outcomes (outcome_id text PRIMARY KEY, session_id text, mentee_rating smallint,
            mentor_rating smallint, goal_met boolean, follow_up boolean, comment text);"
    hand_sessions=(copy_into bench_hand "public.hand_sessions (external_id, mentor_id, mentee_id, started_at, duration_minutes, format, topic, cohort, status)" "$data/sessions.csv")
    hand_outcomes=(copy_into bench_hand "public.hand_outcomes (external_id, session, mentee_rating, mentor_rating, goal_met, follow_up, note)" "$data/outcomes.csv")
    # The order of the three rotates, so none always runs on a cooler or warmer machine.
    for turn in $(seq 0 2); do
        case $(( (turn + rep) % 3 )) in
            0) mm_s+=("$(timed mm_import sessions "$data/sessions.csv" bench_mm)")
               mm_o+=("$(timed mm_import outcomes "$data/outcomes.csv" bench_mm)") ;;
            1) hand_s+=("$(timed "${hand_sessions[@]}")")
               hand_o+=("$(timed "${hand_outcomes[@]}")") ;;
            2) floor_s+=("$(timed copy_into bench_floor floor_sessions "$data/sessions.csv")")
               floor_o+=("$(timed copy_into bench_floor floor_outcomes "$data/outcomes.csv")") ;;
        esac
    done
    fresh bench_small bench_base
    mm_small+=("$(timed mm_import sessions "$data/sessions-small.csv" bench_small)")
done
stored=$(psql -qXtA "$(url bench_mm)" -c "SELECT count(*) FROM mm.sessions")
[ "$stored" -eq "$sessions" ] || { echo "stored $stored sessions, expected $sessions" >&2; exit 1; }
again=$(timed mm_import sessions "$data/sessions.csv" bench_mm)
grep -q "nothing changed" "$work/last.out" || { echo "re-import changed something" >&2; exit 1; }

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { printf "%.2f", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
span() { printf '%s\n' "$@" | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.2f-%.2f", lo, hi }'; }
# The median and range of the paired ratios of two arrays (named).
paired() {
    local -n over="$1" under="$2"
    local ratios=() i
    for i in "${!over[@]}"; do ratios+=("$(ratio "${over[$i]}" "${under[$i]}")"); done
    printf '%s (%s)' "$(median "${ratios[@]}")" "$(span "${ratios[@]}")"
}

echo "$sessions sessions, $outcomes outcomes, $reps runs; seconds as median (range)"
printf '%-18s %-20s %-20s %-20s %-20s %-20s\n' step mmadmin hand-written floor "mmadmin/hand" "mmadmin/floor"
printf '%-18s %-20s %-20s %-20s %-20s %-20s\n' "import sessions" "$(median "${mm_s[@]}") ($(span "${mm_s[@]}"))" \
    "$(median "${hand_s[@]}") ($(span "${hand_s[@]}"))" "$(median "${floor_s[@]}") ($(span "${floor_s[@]}"))" \
    "$(paired mm_s hand_s)" "$(paired mm_s floor_s)"
printf '%-18s %-20s %-20s %-20s %-20s %-20s\n' "import outcomes" "$(median "${mm_o[@]}") ($(span "${mm_o[@]}"))" \
    "$(median "${hand_o[@]}") ($(span "${hand_o[@]}"))" "$(median "${floor_o[@]}") ($(span "${floor_o[@]}"))" \
    "$(paired mm_o hand_o)" "$(paired mm_o floor_o)"
echo "first $small sessions alone: $(median "${mm_small[@]}") s ($(span "${mm_small[@]}")), $(paired mm_small mm_s) of the whole file's time (must stay below 0.10)"
echo "whole sessions file again (nothing changes): $again s"
