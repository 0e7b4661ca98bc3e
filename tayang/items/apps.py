from django.apps import AppConfig


class ItemsConfig(AppConfig):
    name = "tayang.items"
    label = "items"
    verbose_name = "Konten dan register"
