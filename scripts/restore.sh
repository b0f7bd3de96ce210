#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh:
#   scripts/restore.sh DUMP TARGET_DATABASE_URL [MEDIA_DIR]
#
# TARGET must be a new, empty database (createdb it first; never restore over the live one:
# restore next to it, check, then point DATABASE_URL at it). Stops at the first error.
# With MEDIA_DIR the media copy goes back into the storage the environment names.
# Afterwards: `manage.py migrate` (a no-op for a dump of the same release) and
# `manage.py createcachetable` when running without Redis.
set -euo pipefail
dump="${1:?usage: scripts/restore.sh DUMP TARGET_DATABASE_URL [MEDIA_DIR]}"
target="${2:?usage: scripts/restore.sh DUMP TARGET_DATABASE_URL [MEDIA_DIR]}"
cd "$(dirname "$0")/.."
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction \
    --dbname="$target" "$dump"
echo "restored $dump"
if [ -n "${3:-}" ]; then
    "${PYTHON:-.venv/bin/python}" scripts/media_backup.py restore "$3"
fi
