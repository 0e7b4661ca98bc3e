"""What an installation holds, as JSON: ``python -m tests.deploy.fingerprint``.

Every row of every model (as its field values), register counters, publications, users with
their password hashes, and the SHA-256 of every stored file read through the storage API:
two installations with the same fingerprint hold the same things.
"""

from __future__ import annotations

import hashlib
import json


def main() -> None:
    import django

    django.setup()
    from django.apps import apps
    from django.core.files.storage import default_storage

    from tayang.operations.backup.files import stored_names

    rows: dict[str, list] = {}
    for model in apps.get_models():
        label = model._meta.label
        if label in ("sessions.Session", "admin.LogEntry", "operations.WorkerHeartbeat"):
            continue
        fields = [f.attname for f in model._meta.concrete_fields]
        rows[label] = sorted(
            json.dumps(row, default=str, sort_keys=True)
            for row in model.objects.values(*fields)
        )
    files = {}
    for name in stored_names(default_storage):
        with default_storage.open(name, "rb") as handle:
            files[name] = hashlib.sha256(handle.read()).hexdigest()
    print(json.dumps({"rows": rows, "files": files}, sort_keys=True))


if __name__ == "__main__":
    main()
