from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "openpiao.deadlines"
    verbose_name = "Scadenzario"
