from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "openpiao.evaluation"
    verbose_name = "Misurazione e valutazione della performance"
