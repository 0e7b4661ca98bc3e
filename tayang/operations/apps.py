from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "tayang.operations"
    label = "operations"
    verbose_name = "Operasional server"
