from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "tayang.public"
    label = "public"
    verbose_name = "Situs publik"

    def ready(self) -> None:
        from tayang.public import receivers  # noqa: F401  (connects the signal handlers)
