from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "tayang.demo"
    label = "demo"
    verbose_name = "Data demo"
