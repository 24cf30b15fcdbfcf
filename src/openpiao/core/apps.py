from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "openpiao.core"
    verbose_name = "Funzioni comuni"
