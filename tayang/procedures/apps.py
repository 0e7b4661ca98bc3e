from django.apps import AppConfig


class ProceduresConfig(AppConfig):
    name = "tayang.procedures"
    label = "procedures"
    verbose_name = "SOP organisasi"

    def ready(self) -> None:
        from tayang.procedures import receivers  # noqa: F401  (connects the signal receivers)
