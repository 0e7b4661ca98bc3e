#!/usr/bin/env bash
# Runs Tayang on this machine as the product: embedded SQLite under var/, demo data for every
# bundled SOP, the production server (granian, two worker processes, static files through
# WhiteNoise, DEBUG off) and a background worker beside it. Stops both on Ctrl-C.
#
# TAYANG_DEV=1 (or `make dev`) runs the development server instead: DEBUG on, full error
# pages, and the server and worker reload when the code changes.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
export DJANGO_SETTINGS_MODULE=tayang.settings
address=${TAYANG_ADDRESS:-127.0.0.1:8000}
dev=${TAYANG_DEV:-0}
if [ "$dev" = 1 ]; then
    export TAYANG_DEBUG=1
fi

mkdir -p "${TAYANG_VAR_DIR:-var}"
# Migrate, collect static files when they changed, demo data (prints the accounts), add to the
# public index only what is missing, remove expired exports: one process, seconds.
python manage.py prepare

if [ "$dev" = 1 ]; then
    python manage.py worker -v 0 &
    worker=$!
    trap 'kill "$worker" 2>/dev/null || true; wait "$worker" 2>/dev/null || true' EXIT INT TERM
    echo "Tayang (pengembangan, DEBUG aktif) berjalan di http://$address/. Tekan Ctrl-C untuk berhenti."
    python manage.py runserver "$address"
    exit
fi

host=${address%:*}
port=${address##*:}

# TAYANG_WEB_WORKERS processes of TAYANG_WEB_THREADS threads each; docs/deployment.md. In a
# session of its own: Ctrl-C reaches this script, which asks granian to stop (SIGTERM to its
# main process, which stops its workers), because granian's workers hang when the terminal's
# SIGINT reaches them directly.
# One glibc heap for all threads (one per thread, glibc's default, cost 8–15 MB per process)
# and no per-thread caches of freed blocks; the same for the jemalloc inside granian, which
# holds its HTTP buffers (8 heaps by default: ~3 MB more per process). docs/performance.md,
# tayang/heap.py. Code objects without the columns of each instruction: ~0.6 MB less per
# process; tracebacks lose only their ^^^ markers. Without docstrings and asserts (-OO,
# bytecode compiled by scripts/setup.sh): ~2.5 MB less; Tayang has no assert statement and
# reads no docstring (docs/performance.md, "The web process without docstrings").
MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-1} \
    GLIBC_TUNABLES=${GLIBC_TUNABLES:-glibc.malloc.tcache_count=0} \
    _RJEM_MALLOC_CONF=${_RJEM_MALLOC_CONF:-narenas:1,tcache:false} \
    PYTHONNODEBUGRANGES=${PYTHONNODEBUGRANGES:-1} \
    PYTHONOPTIMIZE=${PYTHONOPTIMIZE:-2} \
    setsid granian --interface wsgi --host "$host" --port "$port" \
    --workers "${TAYANG_WEB_WORKERS:-2}" --blocking-threads "${TAYANG_WEB_THREADS:-8}" \
    --respawn-failed-workers --workers-kill-timeout 10 --log-level error \
    tayang.wsgi:application &
server=$!

# The worker starts once the server answers (/sehat/): on two busy cores it would otherwise
# slow the server's own start. Plain bash, so a fresh machine needs no curl.
answers() {
    exec 3<>"/dev/tcp/$host/$port" || return 1
    printf 'GET /sehat/ HTTP/1.0\r\nHost: %s\r\n\r\n' "$host" >&3
    local status=""
    read -r -t 30 status <&3 || true
    exec 3<&-
    [[ $status == *" 200 "* ]]
}
(
    for _ in $(seq 1200); do
        if answers 2>/dev/null; then
            echo "Tayang berjalan di http://$address/ (admin: http://$address/admin/). Tekan Ctrl-C untuk berhenti."
            exec python manage.py worker --no-reload -v 0
        fi
        sleep 0.1
    done
    echo "Server web tidak menjawab dalam 2 menit; pekerja latar tidak dijalankan." >&2
) &
worker=$!

stop() {
    kill -TERM "$server" "$worker" 2>/dev/null || true
    wait "$server" "$worker" 2>/dev/null || true
}
trap stop EXIT
trap 'exit 130' INT TERM
wait "$server"
