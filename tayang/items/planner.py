"""Statistics for the database's query planner, so it uses the indexes named for each list.

SQLite chooses among indexes blind until ``ANALYZE`` has run (it then knows that
``status IN (...)`` keeps 500 rows of 20,000 and ``organization_id = ?`` keeps all of them);
PostgreSQL's autovacuum analyses by itself, but not right after a migration has made an
index. :func:`analyze` runs after every ``migrate`` and from ``manage.py analyze_database``
(for a nightly timer). On SQLite it samples at most ``ANALYSIS_LIMIT`` rows per index, so it
takes milliseconds, not minutes, on a database of a million items.
"""

from __future__ import annotations

from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections

ANALYSIS_LIMIT = 2000


def analyze(using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}")
            cursor.execute("ANALYZE")
            cursor.execute("PRAGMA optimize")
        elif connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
