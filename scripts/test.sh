#!/usr/bin/env bash
# Runs the whole test suite against a throwaway PostgreSQL cluster of its own (own folder,
# own socket), which is stopped and removed afterwards even when tests fail.
# Usage: scripts/test.sh [extra swift test arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/common.sh

ensure_dependencies
mmadmin="$(build_mmadmin debug)"
swift build --build-tests

cluster_dir="$(mktemp -d /tmp/mmadmin-test-cluster.XXXXXX)"
chmod 755 "$cluster_dir"
port=55439
cleanup() {
    "$mmadmin" local stop --directory "$cluster_dir" --port "$port" >/dev/null 2>&1 || true
    rm -rf "$cluster_dir"
}
trap cleanup EXIT INT TERM

# Durability is pointless for a cluster that is deleted at the end; skipping fsync makes
# creating a database per test cheap.
"$mmadmin" local start --directory "$cluster_dir" --port "$port" \
    --setting fsync=off --setting synchronous_commit=off --setting full_page_writes=off \
    --setting max_connections=200
export MMADMIN_TEST_DATABASE_URL="$("$mmadmin" local url --directory "$cluster_dir" --port "$port" --database postgres)"
unset DATABASE_URL PGHOST PGHOSTADDR PGPORT PGDATABASE PGUSER PGSERVICE

status=0
swift test --skip-build "$@" || status=$?
exit $status
