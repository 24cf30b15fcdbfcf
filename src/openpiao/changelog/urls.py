from django.urls import path

from . import views

app_name = "changelog"

urlpatterns = [
    path("", views.register, name="register"),
    path("registro.csv", views.register_csv, name="csv"),
]
