from django.apps import AppConfig


class OutboxConfig(AppConfig):
    """No models: the app holds ``manage.py worker`` and ``manage.py sweep``."""

    name = "tayang.outbox"
    verbose_name = "Antrean latar"

    def ready(self) -> None:
        from django.tasks.signals import task_finished

        from tayang.heap import release

        # The worker gives back what decoding photos took (docs/performance.md).
        task_finished.connect(release, dispatch_uid="tayang-release-memory")
