from django.urls import path

from . import views

app_name = "human_capital"

urlpatterns = [
    path("", views.index, name="index"),
    path("fabbisogni/", views.staffing, name="staffing"),
    path("lavoro-agile/", views.smart_working, name="smart_working"),
    path("formazione/", views.training, name="training"),
    path("azioni-positive/", views.positive_actions, name="positive_actions"),
    path("dati/<slug:table>/", views.singleton_edit, name="singleton_edit"),
    path("righe/<slug:table>/nuova/", views.row_edit, name="row_create"),
    path("righe/<slug:table>/nuove/", views.rows_create, name="rows_create"),
    path("righe/<slug:table>/<int:row_id>/", views.row_edit, name="row_edit"),
    path("righe/<slug:table>/<int:row_id>/elimina/", views.row_delete, name="row_delete"),
]
