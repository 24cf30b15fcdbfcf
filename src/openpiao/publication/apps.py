from django.apps import AppConfig


class PublicationConfig(AppConfig):
    name = "openpiao.publication"
    label = "publication"
    verbose_name = "Pubblicazione"
