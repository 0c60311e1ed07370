#!/usr/bin/env bash
# Generates mmadmin's manual pages from its command definitions with swift-argument-parser's
# generate-manual plugin (which builds the package and reads `mmadmin --experimental-dump-help`):
# mmadmin.1, the whole reference on one page, and a page per command (mmadmin.report.monthly.1,
# …). Generated output is not checked in; the plugin runs offline.
# Usage: scripts/man.sh [--configuration debug|release] [OUT_DIR]   (default: debug, out/man)
# Read a page with: man -l out/man/mmadmin.1
source "$(dirname "$0")/lib/common.sh"  # strict mode, repository root as working directory

configuration=debug
out=out/man
while [ $# -gt 0 ]; do
    case "$1" in
        --configuration) configuration="$2"; shift 2 ;;
        -*) echo "usage: scripts/man.sh [--configuration debug|release] [OUT_DIR]" >&2; exit 64 ;;
        *) out="$1"; shift ;;
    esac
done

generated=.build/plugins/GenerateManual/outputs/mmadmin
# The pages carry the date of the last commit, so the same source gives the same pages.
date="$(git log -1 --format=%cs 2>/dev/null || date -u +%F)"
generate() {
    rm -rf "$generated"
    swift package generate-manual --configuration "$configuration" --date "$date" "$@" >&2
}
mkdir -p "$out"
# A page per command first (their mmadmin.1 is only an overview), then the single full page.
generate --multi-page
find "$generated" -name 'mmadmin.*.1' -exec cp {} "$out/" \;
generate
cp "$generated/mmadmin.1" "$out/mmadmin.1"
# A blank line inside a command's discussion is a paragraph break; mdoc wants .Pp for it.
sed -i 's/^$/.Pp/' "$out"/*.1
pages=("$out"/*.1)
echo "Wrote ${#pages[@]} manual pages to $out (man -l $out/mmadmin.1)."
