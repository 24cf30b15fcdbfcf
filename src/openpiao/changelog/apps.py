from django.apps import AppConfig


class ChangelogConfig(AppConfig):
    name = "openpiao.changelog"
    verbose_name = "Registro delle modifiche"
