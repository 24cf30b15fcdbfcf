from django.urls import path

from . import operator_views, people_views, views

app_name = "organizations"
# Mounted at the root: the ente's pages under enti/, the rest beside them.
urlpatterns = [
    path("enti/", views.organization_list, name="list"),
    path("enti/<slug:org>/", views.organization_home, name="home"),
    path("enti/<slug:org>/anagrafica/", views.organization_edit, name="edit"),
    path("enti/<slug:org>/stemma/", views.coat_of_arms_upload, name="coat_of_arms"),
    path("enti/<slug:org>/stemma/immagine/", views.coat_of_arms_image, name="coat_of_arms_image"),
    path("enti/<slug:org>/passa/", people_views.organization_switch, name="switch"),
    path("enti/<slug:org>/persone/", people_views.members, name="members"),
    path("enti/<slug:org>/persone/invito/", people_views.member_invite, name="member_invite"),
    path("enti/<slug:org>/persone/<int:membership_id>/", people_views.member_edit, name="member_edit"),
    path(
        "enti/<slug:org>/persone/<int:membership_id>/revoca/",
        people_views.member_revoke,
        name="member_revoke",
    ),
    path(
        "enti/<slug:org>/inviti/<int:invitation_id>/reinvia/",
        people_views.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "enti/<slug:org>/inviti/<int:invitation_id>/annulla/",
        people_views.invitation_cancel,
        name="invitation_cancel",
    ),
    # Outside any ente: the link of an invitation, the service operator's area.
    path("invito/<str:token>/", people_views.invitation_accept, name="invitation"),
    path("operatore/", operator_views.operator_home, name="operator"),
    path("operatore/comuni/", operator_views.comuni_search, name="comuni"),
    path("operatore/enti/nuovo/", operator_views.operator_create, name="operator_create"),
    path("operatore/enti/<slug:org>/amministratore/", operator_views.operator_invite, name="operator_invite"),
    path(
        "operatore/enti/<slug:org>/password/",
        operator_views.operator_password_login,
        name="operator_password_login",
    ),
]
