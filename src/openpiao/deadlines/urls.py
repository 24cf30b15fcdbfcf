from django.urls import path

from . import views

app_name = "deadlines"

organization = "enti/<slug:org>/"

urlpatterns = [
    path(organization + "scadenze/", views.current_year, name="current"),
    path(organization + "scadenze/<int:year>/", views.year_page, name="year"),
    path(organization + "scadenze/segna/", views.mark_done, name="mark_done"),
    path(organization + "scadenze/riapri/", views.reopen, name="reopen"),
    path(organization + "piani/<int:year>/scadenze/", views.plan_page, name="plan"),
    # The user's own calendar address (not an ente's page: it covers all the user's enti).
    path("calendario/", views.feed_settings, name="feed_settings"),
    path("calendario/<str:token>.ics", views.feed, name="feed"),
]
