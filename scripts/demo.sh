#!/usr/bin/env bash
# The main job, end to end, on the project-local PostgreSQL in ./.mmadmin:
# install what is missing, build, start the local cluster, migrate, generate a sample
# organisation, import its rosters and a year of program history, and write the monthly report
# (September 2026) in every format (PDF too when Chromium is installed); then pair the
# third-quarter cohort's waiting mentees for a round and write the introductions to send
# (out/intros: CSV, calendar, e-mail drafts).
# Usage: scripts/demo.sh [--employees N]
source "$(dirname "$0")/lib/common.sh"  # strict mode, repository root as working directory

employees=2000
while [ $# -gt 0 ]; do
    case "$1" in
        --employees) employees="$2"; shift 2 ;;
        *) echo "usage: scripts/demo.sh [--employees N]" >&2; exit 64 ;;
    esac
done

ensure_dependencies
mmadmin="$(build_mmadmin debug)"
"$mmadmin" local start
"$mmadmin" db migrate

data="$PWD/out/demo-data"
"$mmadmin" demo generate --employees "$employees" --months 12 --out "$data" --as-of 2026-10-01
"$mmadmin" import roster "$data/roster.csv" --as-of 2026-10-01
for kind in cohorts mentors enrollments sessions outcomes; do
    "$mmadmin" import "$kind" "$data/$kind.csv"
done
"$mmadmin" import roster "$data/roster-next.csv" --as-of 2026-11-01
"$mmadmin" cohort list
"$mmadmin" metrics refresh
reports="$PWD/out"
for format in markdown csv json html $(command -v chromium >/dev/null && echo pdf); do
    "$mmadmin" report monthly --month 2026-09 --format "$format" --output "$reports/report-2026-09.${format/markdown/md}"
done
"$mmadmin" report quarterly --quarter 2026-Q3 --output "$reports/report-2026-Q3.html"
"$mmadmin" match cohort CH-2026Q3 --round 2026-09-20 >/dev/null
"$mmadmin" match intros --cohort CH-2026Q3 --round 2026-09-20 --out "$reports/intros" \
    --slot "2026-10-05 09:00..2026-10-09 17:00"
echo "Done. The monthly report: $reports/report-2026-09.html (the quarter's: report-2026-Q3.html)"
echo "Introductions to send: $reports/intros (intros.csv, intros.ics, intro-N.eml)"
echo "The data is in the local cluster; connect with: psql \"$("$mmadmin" local url)\""
