#!/usr/bin/env bash
# Runs Tayang on this machine: embedded SQLite under var/, demo data for every bundled SOP,
# a background worker beside the web server. Stops both on Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
export DJANGO_SETTINGS_MODULE=tayang.settings
address=${TAYANG_ADDRESS:-127.0.0.1:8000}

mkdir -p var
python manage.py migrate --no-input -v 0
if [ "${TAYANG_DEMO:-1}" = 1 ]; then
    python manage.py demo
fi
# Items published before the public website existed (an older var/ database) appear on it.
python manage.py public_reindex
# Background exports past their keeping time (docs/records.md) are removed.
python manage.py exports_cleanup > /dev/null

python manage.py worker --no-reload -v 0 &
worker=$!
trap 'kill "$worker" 2>/dev/null || true; wait "$worker" 2>/dev/null || true' EXIT INT TERM

echo "Tayang berjalan di http://$address/ (admin: http://$address/admin/). Tekan Ctrl-C untuk berhenti."
python manage.py runserver --noreload "$address"
