#!/usr/bin/env bash
# PostgreSQL's archive_command for the local cluster: archive_wal.sh <path> <file name> <archive dir> <cap MiB>
# Copies a finished WAL segment into the archive (never overwriting: a second copy of a segment
# would mean two clusters share the folder), then keeps the archive under its size cap by deleting
# the oldest segments. A test run writes tens of GiB of WAL a day; without the cap a development
# disk fills and every server stops. Point-in-time restore needs the segments newer than the
# backup it starts from, so the cap must hold at least those (docs/operations/backup-and-restore.md).
set -u
src=$1 name=$2 archive=$3 cap_mib=$4
if [[ -f $archive/$name ]]; then
  # Archived already (a retry after a crash between copy and acknowledgement): same bytes is success.
  cmp -s "$src" "$archive/$name" && exit 0
  exit 1
fi
# Copied under a temporary name first, so a full disk or a crash never leaves a partial segment
# under the real name (which would fail every later attempt).
cp "$src" "$archive/$name.tmp" && mv "$archive/$name.tmp" "$archive/$name" || exit 1
# Prune every 16th segment only (a directory listing per segment would cost more than the copy).
[[ $name =~ 0$ ]] || exit 0
used_kib=$(du -sk "$archive" 2>/dev/null | cut -f1) || exit 0
cap_kib=$((cap_mib * 1024))
if ((used_kib > cap_kib)); then
  # Segment names sort in WAL order; history and backup-label files are kept.
  ls -1 "$archive" | grep -E '^[0-9A-F]{24}$' | head -n $(((used_kib - cap_kib) / 16384 + 1)) |
    while read -r old; do rm -f "$archive/$old"; done
fi
exit 0
