from django.apps import AppConfig


class HumanCapitalConfig(AppConfig):
    name = "openpiao.human_capital"
    verbose_name = "Organizzazione e capitale umano"
