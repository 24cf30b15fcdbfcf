from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "openpiao.plans"
    verbose_name = "Piani"
