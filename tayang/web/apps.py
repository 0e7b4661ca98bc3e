from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "tayang.web"
    label = "web"
    verbose_name = "Halaman umum Tayang"
