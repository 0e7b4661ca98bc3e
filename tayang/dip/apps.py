from django.apps import AppConfig


class DipConfig(AppConfig):
    name = "tayang.dip"
    label = "dip"
    verbose_name = "Daftar Informasi Publik (DIP)"

    def ready(self) -> None:
        from tayang.dip import receivers  # noqa: F401  (connects the signal receivers)
