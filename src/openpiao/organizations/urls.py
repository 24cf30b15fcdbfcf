from django.urls import path

from . import views

app_name = "organizations"

urlpatterns = [
    path("", views.organization_list, name="list"),
    path("<slug:org>/", views.organization_home, name="home"),
    path("<slug:org>/anagrafica/", views.organization_edit, name="edit"),
    path("<slug:org>/stemma/", views.coat_of_arms_upload, name="coat_of_arms"),
    path("<slug:org>/stemma/immagine/", views.coat_of_arms_image, name="coat_of_arms_image"),
]
