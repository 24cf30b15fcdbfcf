from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "openpiao.organizations"
    verbose_name = "Enti"
