#!/usr/bin/env bash
# Fuzzes the reading of import files (CSV records, header mapping, every kind's value parsers)
# with libFuzzer and AddressSanitizer for $1 seconds (default 60), starting from the corpus in
# Fuzz/corpus (copied, so new inputs do not dirty the checkout). A crash stops the run with its
# input saved under $work and exits non-zero.
# Usage: scripts/fuzz.sh [seconds]
source "$(dirname "$0")/lib/common.sh"  # strict mode, repository root as working directory

seconds="${1:-60}"
swift build --package-path Fuzz --scratch-path Fuzz/.build-fuzz \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld >&2
binary="$(swift build --package-path Fuzz --scratch-path Fuzz/.build-fuzz --show-bin-path)/FuzzImport"
work="$(mktemp -d /tmp/mmadmin-fuzz.XXXXXX)"
cp Fuzz/corpus/* "$work/" 2>/dev/null || true
mkdir -p "$work/crashes"
"$binary" -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$work/crashes/" "$work"
