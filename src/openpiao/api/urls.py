from django.urls import path

from . import views

app_name = "api_tokens"
# Mounted under enti/<org>/chiavi-api/: the user's own tokens for the ente.
urlpatterns = [
    path("", views.token_list, name="list"),
    path("<int:token_id>/revoca/", views.token_revoke, name="revoke"),
]
