from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "openpiao.documents"
    verbose_name = "Documenti"
