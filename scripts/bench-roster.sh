#!/usr/bin/env bash
# Roster import benchmark.
#
# The work: for each size N (default 10,000, 100,000 and 1,000,000 employees), a synthetic
# roster (manager tree, skewed departments, non-ASCII names, quoted fields with commas) and the
# next month's roster (about 2 % leavers, 3 % hires, 5 % changes) are imported:
#   (a) first import into an empty database,
#   (b) the second month's import,
#   (c) the second month's file again (unchanged),
# by `mmadmin import roster` and by the hand-written PostgreSQL equivalent on the same files in
# the same run (psql \copy into a text staging table, one INSERT … ON CONFLICT DO UPDATE merge,
# one UPDATE marking the missing inactive; scripts/bench/roster-handwritten-import.sql into a
# table LIKE mm.employees INCLUDING ALL). Also (d): a
# malformed copy of the first roster with errors on every 1,000th line, which mmadmin must
# reject listing every bad line, compared with its good import of the first roster.
# Times are medians of REPS runs (REPS_LARGE, default 1, at 1,000,000 rows and more). Each run
# pairs mmadmin's step with the hand-written one right after or before it; the ratio printed is
# the median of these paired ratios (mmadmin / hand), with their range, because the shared
# machines' speed drifts between runs more than between neighbours. Every timed step starts
# after a CHECKPOINT, so none pays for writing out the previous one's pages.
#
# Usage: scripts/bench-roster.sh            SIZES="100000" REPS=5 scripts/bench-roster.sh
#        SIZES=1000000 REPS_LARGE=3 scripts/bench-roster.sh
source "$(dirname "$0")/lib/common.sh"  # strict mode, repository root as working directory

sizes="${SIZES:-10000 100000 1000000}"
reps="${REPS:-3}"
start_benchmark mmadmin-only 55441
admin="$(cluster_url postgres)"

fresh_databases() {
    psql -qX "$admin" -c "DROP DATABASE IF EXISTS bench_mm" -c "DROP DATABASE IF EXISTS bench_hand" \
        -c "CREATE DATABASE bench_mm" -c "CREATE DATABASE bench_hand" 2>/dev/null
    "$mmadmin" db migrate --database-url "$(url bench_mm)" >/dev/null
    # The hand-written side gets a plain table with exactly mm.employees' columns, checks and
    # indexes (and none of mmadmin's history or import log).
    "$mmadmin" db migrate --database-url "$(url bench_hand)" >/dev/null
    psql -qX "$(url bench_hand)" -c "CREATE TABLE public.employees (LIKE mm.employees INCLUDING ALL)"
}

# Prints the seconds a command takes; its output is discarded. Exit 65 counts as expected
# for the malformed file.
seconds() {
    local start end status=0
    psql -qX "$admin" -c CHECKPOINT
    start=$(date +%s.%N)
    "$@" >"$work/last.out" 2>"$work/last.err" || status=$?
    end=$(date +%s.%N)
    if [ "$status" -ne 0 ] && [ "$status" -ne 65 ]; then
        echo "benchmark step failed ($status): $*" >&2; cat "$work/last.err" >&2; exit 1
    fi
    awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", e - s }'
}
minmax() { printf '%s\n' "$@" | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.2f-%.2f", lo, hi }'; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
mm_import() { "$mmadmin" import roster "$1" --as-of "$2" --database-url "$(url bench_mm)" --confirm-deactivations; }
hand_import() { psql -qX "$(url bench_hand)" -v as_of="$2" -f scripts/bench/roster-handwritten-import.sql < "$1"; }

printf '%-9s %-28s %9s %9s %7s %11s\n' rows step mmadmin_s hand_s ratio range
for n in $sizes; do
    data="$work/data-$n"
    "$mmadmin" demo generate --employees "$n" --out "$data" --seed 7 >/dev/null
    # Every 1,000th data row gets a malformed e-mail and hire date.
    python3 - "$data/roster.csv" "$data/bad.csv" <<'PY'
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as source, open(sys.argv[2], "w", newline="", encoding="utf-8") as target:
    writer = csv.writer(target)
    for number, row in enumerate(csv.reader(source)):
        if number > 0 and number % 1000 == 0:
            row[1], row[8] = "not-an-email", "2020-13-45"
        writer.writerow(row)
PY
    expected_bad=$(( n / 1000 * 2 ))
    runs=$reps
    [ "$n" -ge 1000000 ] && runs="${REPS_LARGE:-1}"
    a_mm=(); a_hand=(); b_mm=(); b_hand=(); c_mm=(); c_hand=(); d_mm=(); d_hand=()
    for _ in $(seq "$runs"); do
        fresh_databases
        a_mm+=("$(seconds mm_import "$data/roster.csv" 2026-10-01)")
        a_hand+=("$(seconds hand_import "$data/roster.csv" 2026-10-01)")
        b_hand+=("$(seconds hand_import "$data/roster-next.csv" 2026-11-01)")
        b_mm+=("$(seconds mm_import "$data/roster-next.csv" 2026-11-01)")
        c_mm+=("$(seconds mm_import "$data/roster-next.csv" 2026-11-01)")
        grep -q "nothing changed" "$work/last.out" || { echo "re-import changed something" >&2; exit 1; }
        c_hand+=("$(seconds hand_import "$data/roster-next.csv" 2026-11-01)")
        fresh_databases
        d_mm+=("$(seconds mm_import "$data/bad.csv" 2026-10-01)")
        reported=$(grep -oE '[0-9]+ problems found' "$work/last.err" | grep -oE '^[0-9]+')
        [ "$reported" = "$expected_bad" ] || { echo "malformed file: $reported problems reported, $expected_bad expected" >&2; exit 1; }
        # (d) is compared with mmadmin's own good import of the same size, timed again here.
        fresh_databases
        d_hand+=("$(seconds mm_import "$data/roster.csv" 2026-10-01)")
    done
    for step in a b c d; do
        mm_name="${step}_mm[@]"; hand_name="${step}_hand[@]"
        mm_times=("${!mm_name}"); hand_times=("${!hand_name}")
        paired=()
        for i in "${!mm_times[@]}"; do paired+=("$(ratio "${mm_times[$i]}" "${hand_times[$i]}")"); done
        case $step in
            a) label="(a) first import" ;;
            b) label="(b) second month" ;;
            c) label="(c) re-import unchanged" ;;
            d) label="(d) malformed vs good" ;;
        esac
        printf '%-9s %-28s %9.3f %9.3f %7.2f %11s\n' "$n" "$label" "$(median "${mm_times[@]}")" \
            "$(median "${hand_times[@]}")" "$(median "${paired[@]}")" "$(minmax "${paired[@]}")"
    done
done
echo "(d) is mmadmin rejecting a file with 2 errors per 1,000 rows (all reported); its second column is mmadmin's own good import of the same size."
