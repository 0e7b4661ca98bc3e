"""The state of a shared installation, as JSON, for the several-machines test:
``python -m tests.deploy.report <item id>`` with the installation's environment."""

from __future__ import annotations

import json
import sys


def main(item_id: str) -> None:
    import django

    django.setup()
    from django.core.files.storage import default_storage
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from tayang.exports.models import ExportJob
    from tayang.items.models import Publication
    from tayang.media.models import Derivative
    from tayang.operations.backup.files import stored_names
    from tayang.operations.models import WorkerHeartbeat
    from tayang.public.models import Article

    stored = list(stored_names(default_storage, excluded=()))
    article = Article.objects.filter(item_id=item_id).first()
    print(json.dumps({
        "publications": list(Publication.objects.filter(item_id=item_id).values(
            "channel", "state", "attempts", "document", "error")),
        "media_ready": bool(article and article.media_ready),
        "derivatives": sorted(Derivative.objects.values_list("file", flat=True)),
        "stored": stored,
        "exports": list(ExportJob.objects.values("state", "file", "error", "total")),
        "tasks": [
            {"task": task.task_path, "status": task.status, "workers": task.worker_ids,
             "args": task.args_kwargs,
             # A notification asked for in someone's quiet hours waits for their end.
             "held": task.status == "READY" and task.run_after > timezone.now()}
            for task in DBTaskResult.objects.order_by("enqueued_at")
        ],
        "heartbeats": sorted(WorkerHeartbeat.objects.values_list("name", flat=True)),
    }, default=str))


if __name__ == "__main__":
    main(sys.argv[1])
