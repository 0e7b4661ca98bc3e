from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ItemsConfig(AppConfig):
    name = "tayang.items"
    label = "items"
    verbose_name = "Konten dan register"

    def ready(self) -> None:
        from tayang.items.planner import analyze
        from tayang.items.scheduling import start_scheduled
        from tayang.outbox import sweeps

        # Statistics for the query planner after every migrate (``make run`` migrates at each
        # start): without them SQLite picks indexes blind (docs/performance.md).
        post_migrate.connect(analyze, sender=self, dispatch_uid="tayang-analyze")
        # Recurring work whose time has come is started by the worker's sweep.
        sweeps.register("jadwal", lambda: {"dimulai": start_scheduled()})
