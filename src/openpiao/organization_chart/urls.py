from django.urls import path

from . import views

app_name = "organization_chart"

urlpatterns = [
    path("", views.index, name="index"),
    path("unita/nuova/", views.unit_edit, name="unit_create"),
    path("unita/<int:unit_id>/", views.unit_edit, name="unit_edit"),
    path("personale/nuovo/", views.employee_edit, name="employee_create"),
    path("personale/<int:employee_id>/", views.employee_edit, name="employee_edit"),
    path("risorse/nuova/", views.resource_edit, name="resource_create"),
    path("risorse/<int:resource_id>/", views.resource_edit, name="resource_edit"),
    path("risorse/<int:resource_id>/elimina/", views.resource_delete, name="resource_delete"),
    path("responsabili/<int:membership_id>/", views.member_units, name="member_units"),
]
