#!/usr/bin/env bash
# The whole suite: lint, every test on SQLite, then every database test again on PostgreSQL.
# PostgreSQL is taken from TAYANG_TEST_POSTGRES_URL, else the standard local port; in CI
# (CI=true) a missing PostgreSQL is an error, not a skip. The deployment tests (tests/deploy:
# several machines, backup round trips on both databases) run in the first part and make
# databases of their own beside that one, with Redis from TAYANG_TEST_REDIS_URL (standard
# port, DB 11); they too skip locally and fail in CI when a service is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"

echo "== ruff"
ruff check tayang tests bench

# In CI the connectors' real-implementation tests must run, not skip (setup.sh installs them).
if [ "${CI:-}" = true ]; then
    export TAYANG_REQUIRE_REAL_WORDPRESS=1
fi

echo "== pytest (SQLite)"
DATABASE_URL= python -m pytest -n 2 -q "$@"

pg_url=${TAYANG_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}
if python - "$pg_url" <<'PY'
import sys, psycopg
try:
    psycopg.connect(sys.argv[1], connect_timeout=3).close()
except Exception as exc:
    print(f"PostgreSQL tidak tersedia di {sys.argv[1]}: {exc}", file=sys.stderr)
    sys.exit(1)
PY
then
    echo "== pytest (PostgreSQL: $pg_url)"
    # The engine and SOP tests touch no database; everything under tests/app does, the SOP
    # evaluation's tallies (two workers' sweeps, SKIP LOCKED) do, and the publishing and
    # notification outboxes (row claims, leases, SKIP LOCKED) are checked on
    # both databases. The worker-kill tests run their own processes on an SQLite file.
    DATABASE_URL=$pg_url python -m pytest -n 2 -q tests/app tests/channels/test_delivery.py \
        tests/notify tests/outbox tests/evaluation --ignore=tests/notify/test_worker_kill.py "$@"
elif [ "${CI:-}" = true ]; then
    echo "CI membutuhkan PostgreSQL untuk menjalankan seluruh suite." >&2
    exit 1
fi
