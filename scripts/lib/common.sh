# Shared helpers for mmadmin's scripts. Source it; do not run it.

# Installs what building and running mmadmin needs (PostgreSQL server and client, libpq
# headers, pkg-config) when it is missing. Uses apt-get as root, or sudo when available.
ensure_dependencies() {
    local missing=()
    [ -f /usr/include/postgresql/libpq-fe.h ] || missing+=(libpq-dev)
    command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
    command -v psql >/dev/null 2>&1 || missing+=(postgresql-client)
    ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
    if [ ${#missing[@]} -gt 0 ]; then
        echo "Installing: ${missing[*]}" >&2
        local sudo=""
        [ "$(id -u)" -eq 0 ] || sudo="sudo"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
    if ! command -v swift >/dev/null 2>&1; then
        echo "error: the Swift toolchain (swift) is not on PATH; install Swift 6 first." >&2
        exit 69
    fi
    # Debian's postgresql package starts its own cluster on 5432; mmadmin never uses it, and its
    # unix socket lives elsewhere, so it is left alone.
}

# Builds the command line tool (debug unless told otherwise) and prints its path.
build_mmadmin() {
    local configuration="${1:-debug}"
    swift build -c "$configuration" --product mmadmin >&2
    echo "$(swift build -c "$configuration" --show-bin-path)/mmadmin"
}
