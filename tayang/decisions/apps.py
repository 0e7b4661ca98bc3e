from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "tayang.decisions"
    label = "decisions"
    verbose_name = "Keputusan melalui tautan"
