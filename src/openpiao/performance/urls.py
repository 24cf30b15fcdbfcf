from django.urls import path

from . import views

app_name = "performance"

urlpatterns = [
    path("", views.objective_list, name="objectives"),
    path("obiettivi/nuovo/", views.objective_edit, name="objective_create"),
    path("obiettivi/<int:objective_id>/", views.objective_detail, name="objective"),
    path("obiettivi/<int:objective_id>/modifica/", views.objective_edit, name="objective_edit"),
    path("obiettivi/<int:objective_id>/elimina/", views.objective_delete, name="objective_delete"),
    path("obiettivi/<int:objective_id>/<slug:part>/", views.objective_part, name="objective_part"),
    path(
        "obiettivi/<int:objective_id>/indicatori/<int:indicator_id>/",
        views.indicator_inline,
        name="indicator_inline",
    ),
    path("strategici/", views.strategic_list, name="strategic"),
    path("strategici/nuovo/", views.strategic_edit, name="strategic_create"),
    path("strategici/<int:strategic_id>/", views.strategic_edit, name="strategic_edit"),
]
