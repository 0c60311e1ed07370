# Shared helpers for mmadmin's scripts. Source it; do not run it. Sourcing turns on strict mode
# and makes the repository root the working directory, so every script starts the same way.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

# Installs Debian packages (none when called without any), as root or with sudo.
apt_install() {
    [ $# -gt 0 ] || return 0
    echo "Installing: $*" >&2
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

# Installs what building and running mmadmin needs (PostgreSQL server and client, libpq
# headers, pkg-config; for the tests, Python's icalendar) when it is missing. Uses apt-get as root, or sudo when available.
ensure_dependencies() {
    local missing=()
    [ -f /usr/include/postgresql/libpq-fe.h ] || missing+=(libpq-dev)
    command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
    command -v psql >/dev/null 2>&1 || missing+=(postgresql-client)
    ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
    # The independent iCalendar parser the `match intros` tests read invitations back with.
    /usr/bin/python3 -c 'import icalendar' >/dev/null 2>&1 || missing+=(python3-icalendar)
    apt_install "${missing[@]}"
    if ! command -v swift >/dev/null 2>&1; then
        echo "error: the Swift toolchain (swift) is not on PATH; install Swift 6 first." >&2
        exit 69
    fi
    # Debian's postgresql package starts its own cluster on 5432; mmadmin never uses it, and its
    # unix socket lives elsewhere, so it is left alone.
}

# Installs what PDF reports and their tests need when it is missing: headless Chromium (which
# prints `report monthly --format pdf`) and poppler-utils (pdfinfo, pdftotext: the PDF tests
# count pages and read text). Uses apt-get as root, or sudo when available.
ensure_report_tools() {
    local missing=()
    command -v chromium >/dev/null 2>&1 || missing+=(chromium)
    command -v pdfinfo >/dev/null 2>&1 || missing+=(poppler-utils)
    apt_install "${missing[@]}"
}

# Builds the command line tool (debug unless told otherwise) and prints its path.
build_mmadmin() {
    local configuration="${1:-debug}"
    swift build -c "$configuration" --product mmadmin >&2
    echo "$(swift build -c "$configuration" --show-bin-path)/mmadmin"
}

# Starts a throwaway local cluster (mmadmin's `local start`, extra arguments passed on) in a
# new folder under /tmp on port $1, and stops and removes it when the script exits, however it
# exits. Needs $mmadmin; sets $work (the folder, for scratch files too).
start_throwaway_cluster() {
    cluster_port="$1"
    shift
    work="$(mktemp -d /tmp/mmadmin-work.XXXXXX)"
    chmod 755 "$work"  # the server may run as the postgres user
    trap stop_throwaway_cluster EXIT INT TERM
    "$mmadmin" local start --directory "$work/cluster" --port "$cluster_port" "$@" >/dev/null
}

stop_throwaway_cluster() {
    "$mmadmin" local stop --directory "$work/cluster" --port "$cluster_port" >/dev/null 2>&1 || true
    rm -rf "$work"
}

# The connection string of database $1 in the throwaway cluster.
cluster_url() {
    "$mmadmin" local url --directory "$work/cluster" --port "$cluster_port" --database "$1"
}

# Prints the seconds a command takes; its output goes to $work/last.out and last.err, and a
# failing command stops the benchmark.
seconds() {
    local start end
    start=$(date +%s.%N)
    "$@" >"$work/last.out" 2>"$work/last.err" || { echo "benchmark step failed: $*" >&2; cat "$work/last.err" >&2; exit 1; }
    end=$(date +%s.%N)
    awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", e - s }'
}

# $1 / $2 to two decimals.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# The common start of every benchmark: dependencies, a release build of mmadmin ($mmadmin, and
# $bench for mmadmin-bench when $1 is "with-bench"), and a throwaway cluster on port $2 sized
# for bulk loads; `url NAME` gives a database's connection string.
start_benchmark() {
    local helpers="$1" port="$2"
    ensure_dependencies
    mmadmin="$(build_mmadmin release)"
    if [ "$helpers" = with-bench ]; then
        swift build -c release --product mmadmin-bench >&2
        bench="$(swift build -c release --show-bin-path)/mmadmin-bench"
    fi
    start_throwaway_cluster "$port" --setting max_wal_size=4GB
}

url() { cluster_url "$1"; }
