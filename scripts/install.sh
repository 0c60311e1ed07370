#!/usr/bin/env bash
# Builds mmadmin for release with the Swift standard library linked in statically (so the
# binary runs without a Swift toolchain), and installs:
#   PREFIX/bin/mmadmin
#   PREFIX/share/mmadmin/sql/…            migrations and metric views (found by the binary
#                                         itself, no MMADMIN_SQL_DIR needed)
#   PREFIX/share/man/man1/mmadmin.1       the full reference, plus a page per command
# When the static standard library does not link on this machine, it says so and installs a
# binary that uses the toolchain's shared Swift libraries instead.
# Usage: scripts/install.sh [--prefix DIR]   (default: /usr/local)
source "$(dirname "$0")/lib/common.sh"  # strict mode, repository root as working directory

prefix=/usr/local
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) prefix="${2:?--prefix needs a folder}"; shift 2 ;;
        -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "usage: scripts/install.sh [--prefix DIR]" >&2; exit 64 ;;
    esac
done
mkdir -p "$prefix"
prefix="$(cd "$prefix" && pwd)"

ensure_dependencies
staging="$(mktemp -d /tmp/mmadmin-install.XXXXXX)"
trap 'rm -rf "$staging"' EXIT

# The manual first: the plugin builds the package in release mode without the static flag, and
# the static build below must be the last to link the binary.
scripts/man.sh --configuration release "$staging/man" >&2

linkage=static
if ! swift build -c release --product mmadmin -Xswiftc -static-stdlib >&2; then
    echo "warning: the static Swift standard library does not link here (-Xswiftc -static-stdlib failed);" \
         "installing a binary that needs the Swift runtime libraries of $(dirname "$(command -v swift)")/../lib/swift/linux." >&2
    linkage=shared
    swift build -c release --product mmadmin >&2
fi
binary="$(swift build -c release --show-bin-path)/mmadmin"
"$binary" --version >/dev/null

install -d "$prefix/bin" "$prefix/share/mmadmin" "$prefix/share/man/man1"
install -m 0755 "$binary" "$prefix/bin/mmadmin"
rm -rf "$prefix/share/mmadmin/sql"
cp -R sql "$prefix/share/mmadmin/sql"
chmod -R u=rwX,go=rX "$prefix/share/mmadmin/sql"
install -m 0644 "$staging/man/"*.1 "$prefix/share/man/man1/"

# The installed binary must work from anywhere, without the checkout.
(cd / && env -u MMADMIN_SQL_DIR "$prefix/bin/mmadmin" --help >/dev/null)
swift_libraries="$(ldd "$prefix/bin/mmadmin" | grep -c 'libswift\|libFoundation' || true)"
echo "Installed mmadmin ($linkage Swift standard library; $swift_libraries shared Swift libraries) into $prefix:"
echo "  $prefix/bin/mmadmin"
echo "  $prefix/share/mmadmin/sql ($(find "$prefix/share/mmadmin/sql" -name '*.sql' | wc -l) SQL files)"
echo "  $prefix/share/man/man1 ($(ls "$staging/man" | wc -l) pages; man -l $prefix/share/man/man1/mmadmin.1)"
