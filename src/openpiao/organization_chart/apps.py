from django.apps import AppConfig


class OrganizationChartConfig(AppConfig):
    name = "openpiao.organization_chart"
    verbose_name = "Struttura organizzativa"
