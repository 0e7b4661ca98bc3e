from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ItemsConfig(AppConfig):
    name = "tayang.items"
    label = "items"
    verbose_name = "Konten dan register"

    def ready(self) -> None:
        from tayang.items.planner import analyze

        # Statistics for the query planner after every migrate (``make run`` migrates at each
        # start): without them SQLite picks indexes blind (docs/performance.md).
        post_migrate.connect(analyze, sender=self, dispatch_uid="tayang-analyze")
