#!/usr/bin/env bash
# Back up the database (and the media) into DEST: scripts/backup.sh /srv/backups/opleiding
#
#   DEST/db-<UTC time>.dump     pg_dump, custom format (compressed; pg_restore reads it)
#   DEST/media-<UTC time>/      the media: a copy of the bucket (AWS_STORAGE_BUCKET_NAME,
#                               scripts/media_backup.py) or of DJANGO_MEDIA_ROOT
#
# Reads DATABASE_URL (postgres://...) and the storage variables from the environment, the
# same file the app servers use (deploy/opleiding.env). pg_dump takes a consistent snapshot
# while the site runs. A file appears under its final name only when complete. Restore:
# scripts/restore.sh (README "Deploying", Backups).
set -euo pipefail
dest="${1:?usage: scripts/backup.sh DEST_DIR [--no-media]}"
: "${DATABASE_URL:?DATABASE_URL must point at the PostgreSQL database}"
cd "$(dirname "$0")/.."
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$dest"

pg_dump --format=custom --no-owner --no-privileges --dbname="$DATABASE_URL" \
    --file="$dest/db-$stamp.dump.partial"
mv "$dest/db-$stamp.dump.partial" "$dest/db-$stamp.dump"
echo "$dest/db-$stamp.dump"

if [ "${2:-}" != "--no-media" ]; then
    python="${PYTHON:-.venv/bin/python}"
    "$python" scripts/media_backup.py backup "$dest/media-$stamp"
    echo "$dest/media-$stamp"
fi
