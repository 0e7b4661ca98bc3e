from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "tayang.evaluation"
    label = "evaluation"
    verbose_name = "Evaluasi penerapan SOP"
