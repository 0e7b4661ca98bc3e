from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "tayang.exports"
    label = "exports"
    verbose_name = "Unduhan yang disiapkan di latar belakang"

    def ready(self) -> None:
        from tayang.exports import receivers  # noqa: F401  (connects the signal receivers)
