#!/usr/bin/env bash
# Runs the whole test suite against a throwaway PostgreSQL cluster of its own (own folder,
# own socket), which is stopped and removed afterwards even when tests fail.
# Usage: scripts/test.sh [extra swift test arguments]
source "$(dirname "$0")/lib/common.sh"  # strict mode, repository root as working directory

ensure_dependencies
ensure_report_tools  # the PDF report tests fail, not skip, without Chromium
mmadmin="$(build_mmadmin debug)"
swift build --build-tests

# Durability is pointless for a cluster that is deleted at the end; skipping fsync makes
# creating a database per test cheap.
start_throwaway_cluster 55439 --setting fsync=off --setting synchronous_commit=off \
    --setting full_page_writes=off --setting max_connections=200
export MMADMIN_TEST_DATABASE_URL="$(cluster_url postgres)"
unset DATABASE_URL PGHOST PGHOSTADDR PGPORT PGDATABASE PGUSER PGSERVICE

status=0
swift test --skip-build "$@" || status=$?
exit $status
