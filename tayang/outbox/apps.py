from django.apps import AppConfig


class OutboxConfig(AppConfig):
    """No models: the app holds ``manage.py worker`` and ``manage.py sweep``."""

    name = "tayang.outbox"
    verbose_name = "Antrean latar"
