from django.contrib import admin
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from openpiao.accounts.urls import sign_in_out
from openpiao.api.api import api
from openpiao.core.health import health


def favicon(request):
    # Looked up at request time: the hashed name exists only once collectstatic has run.
    return HttpResponsePermanentRedirect(static("openpiao/favicon.ico"))


organization = "enti/<slug:org>/"
plan = organization + "piani/<int:year>/"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="organizations:list", permanent=False)),
    # Browsers and crawlers ask for /favicon.ico whatever the page's <link rel="icon"> says.
    path("favicon.ico", favicon),
    path("salute/", health, name="health"),
    *sign_in_out,
    path("accesso/", include("openpiao.accounts.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path(organization + "chiavi-api/", include("openpiao.api.urls")),
    path("", include("openpiao.organizations.urls")),
    path(organization + "piani/", include("openpiao.plans.urls")),
    path(organization + "registro/", include("openpiao.changelog.urls")),
    path("", include("openpiao.deadlines.urls")),
    path(plan + "struttura/", include("openpiao.organization_chart.urls")),
    path(plan + "performance/", include("openpiao.performance.urls")),
    path(plan + "rischi/", include("openpiao.risk.urls")),
    path(plan + "trasparenza/", include("openpiao.transparency.urls")),
    path(plan + "capitale-umano/", include("openpiao.human_capital.urls")),
    path(plan + "valutazione/", include("openpiao.evaluation.urls")),
    path(plan + "documenti/", include("openpiao.documents.urls")),
    path("", include("openpiao.publication.urls")),
]
