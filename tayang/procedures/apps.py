from django.apps import AppConfig


class ProceduresConfig(AppConfig):
    name = "tayang.procedures"
    label = "procedures"
    verbose_name = "SOP organisasi"
