from django.apps import AppConfig


class PartiesConfig(AppConfig):
    name = "tayang.parties"
    label = "parties"
    verbose_name = "Pihak luar"
