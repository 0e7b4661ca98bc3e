"""A fresh Tayang in a temporary folder, for the benchmarks that need Django and a database."""

from __future__ import annotations

import logging
import os
from pathlib import Path


def configure(folder: Path, *, task_backend: str, database_url: str = "") -> None:
    """Settings pointing into ``folder`` (SQLite there unless ``database_url``), then migrate."""
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "tayang.settings",
        "TAYANG_VAR_DIR": str(folder),
        "TAYANG_MEDIA_ROOT": str(folder / "media"),
        "TAYANG_TASK_BACKEND": task_backend,
        "TAYANG_DEBUG": "0",
        "TAYANG_LOG_LEVEL": "WARNING",
    })
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    logging.getLogger("django.tasks").setLevel(logging.WARNING)
    call_command("migrate", verbosity=0)
