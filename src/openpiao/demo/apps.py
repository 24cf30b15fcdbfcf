from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "openpiao.demo"
    verbose_name = "Dati dimostrativi"
