#!/usr/bin/env bash
# Checks an installation made by scripts/install.sh, as a user of it would: from / and without
# MMADMIN_SQL_DIR, the installed binary shows its help, migrates a throwaway cluster (so it
# found PREFIX/share/mmadmin/sql by itself), reports its status, and `man -l` renders its page.
# Usage: scripts/check-install.sh PREFIX
prefix="$(realpath "${1:?usage: scripts/check-install.sh PREFIX}")"
source "$(dirname "$0")/lib/common.sh"  # strict mode, repository root as working directory
unset MMADMIN_SQL_DIR
mmadmin="$prefix/bin/mmadmin"

(cd / && "$mmadmin" --help | grep -q "USAGE: mmadmin")
start_throwaway_cluster 55441
database="$(cluster_url postgres)"
(cd / && "$mmadmin" db migrate --database-url "$database" >/dev/null)
pending="$(cd / && "$mmadmin" db status --database-url "$database" --format csv | grep -vc ',applied,' || true)"
[ "$pending" -eq 1 ] || { echo "db status lists $((pending - 1)) unapplied files" >&2; exit 1; }
MANWIDTH=80 man -l "$prefix/share/man/man1/mmadmin.1" 2>/dev/null | grep -q "mmadmin report monthly\|monthly"
MANWIDTH=80 man -l "$prefix/share/man/man1/mmadmin.report.monthly.1" 2>/dev/null | grep -q -- "--notes"
echo "The installation in $prefix works: help, migrations from $prefix/share/mmadmin/sql, man pages."
