from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("spid-cie/", views.IdentitySignIn.as_view(), name="identity_signin"),
    path("spid-cie/ritorno/", views.IdentityCallback.as_view(), name="identity_callback"),
    path("spid-cie/non-riuscito/", views.identity_refused, name="identity_refused"),
    path("spid-cie/invito/<str:token>/", views.invitation_signin, name="invitation_signin"),
    path("verifica/", views.verify, name="verify"),
    path("secondo-fattore/", views.second_factor, name="second_factor"),
]

# The names the whole product uses: «login» and «logout».
sign_in_out = [
    path("accesso/", views.LoginView.as_view(), name="login"),
    path("uscita/", auth_views.LogoutView.as_view(), name="logout"),
]
