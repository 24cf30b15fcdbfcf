from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "openpiao.api"
    label = "api"
    verbose_name = "API REST"
