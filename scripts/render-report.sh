#!/usr/bin/env bash
# Renders an HTML report in headless Chromium (installed with apt when missing) to a PNG, to
# check that it renders and to look at it. Fails when Chromium reports a page error.
# Usage: scripts/render-report.sh out/report-2026-09.html out/report-2026-09.png
set -euo pipefail
html="${1:?usage: scripts/render-report.sh REPORT.html OUT.png}"
png="${2:?usage: scripts/render-report.sh REPORT.html OUT.png}"
if ! command -v chromium >/dev/null 2>&1; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi
log="$(mktemp)"
chromium --headless=new --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,1800 \
    --screenshot="$png" "file://$(realpath "$html")" >"$log" 2>&1
if grep -q "Uncaught\|ERR_FILE_NOT_FOUND\|net::ERR" "$log"; then
    cat "$log" >&2
    exit 1
fi
[ -s "$png" ] || { echo "no screenshot was written" >&2; exit 1; }
echo "Rendered $html to $png"
