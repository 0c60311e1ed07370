#!/usr/bin/env bash
# Renders an HTML report in headless Chromium (installed with apt when missing) to a PNG, to
# check that it renders and to look at it. Fails when Chromium reports a page error.
# Usage: scripts/render-report.sh out/report-2026-09.html out/report-2026-09.png
set -euo pipefail
html="$(realpath "${1:?usage: scripts/render-report.sh REPORT.html OUT.png}")"
png="$(realpath -m "${2:?usage: scripts/render-report.sh REPORT.html OUT.png}")"
source "$(dirname "$0")/lib/common.sh"  # strict mode, repository root as working directory
ensure_report_tools
log="$(mktemp)"
chromium --headless=new --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,1800 \
    --screenshot="$png" "file://$html" >"$log" 2>&1
if grep -q "Uncaught\|ERR_FILE_NOT_FOUND\|net::ERR" "$log"; then
    cat "$log" >&2
    exit 1
fi
[ -s "$png" ] || { echo "no screenshot was written" >&2; exit 1; }
echo "Rendered $html to $png"
