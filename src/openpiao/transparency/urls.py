from django.urls import path

from . import views

app_name = "transparency"

urlpatterns = [
    path("", views.duty_map_view, name="map"),
    path("genera/", views.map_generate, name="generate"),
    path("impostazioni/", views.settings_edit, name="settings"),
    path("obblighi/<int:assignment_id>/", views.assignment_edit, name="assignment"),
    path("griglia-oiv/", views.oiv_grid, name="oiv_grid"),
    path("griglia-oiv/obblighi/", views.oiv_choose, name="oiv_choose"),
    path("griglia-oiv/compila/", views.oiv_fill, name="oiv_fill"),
    path("griglia-oiv.xlsx", views.oiv_grid_xlsx, name="oiv_xlsx"),
    path("schema-art13/", views.art13_scheme, name="art13"),
    path("controllo-put/", views.site_tree, name="site_tree"),
    path("schema-art13.<str:fmt>", views.art13_file, name="art13_file"),
    path("accessi/", views.access_list, name="access"),
    path("accessi/nuova/", views.access_edit, name="access_create"),
    path("accessi/<int:request_id>/", views.access_edit, name="access_edit"),
]
