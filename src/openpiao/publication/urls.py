"""Public addresses (no login), stable so an ente can link them from «Amministrazione trasparente»:

/pubblico/                                       enti with published plans
/pubblico/feed/                                  Atom feed of every publication
/pubblico/<ente>/                                the ente's published plans
/pubblico/<ente>/feed/                           Atom feed of the ente's publications
/pubblico/<ente>/catalogo.rdf | catalogo.jsonld  DCAT-AP_IT catalogue of its open data
/pubblico/<ente>/<anno>/                         the plan as adopted (latest version), by section
/pubblico/<ente>/<anno>/piano.pdf | piano.docx   the adopted documents (latest version)
/pubblico/<ente>/<anno>/dati/                    datasets, data dictionary and licence
/pubblico/<ente>/<anno>/relazione-performance.pdf | .docx  the Relazione sulla performance
                                                 validated by the Nucleo (the one in force)
/pubblico/<ente>/<anno>/dati/<insieme>.csv|json  a dataset (latest version)
/pubblico/<ente>/<anno>/versioni/<n>/…           the same for version n (never changes)
/pubblico/<ente>/<anno>/portale-piao/            Portale PIAO instructions; …/portale-piao.zip the package

<anno> is the first year of the triennium, as in the ente's own pages.
"""

from django.urls import include, path

from . import feeds, views

app_name = "publication"

plan_pages = [
    path("", views.plan, name="plan"),
    path("piano.<str:fmt>", views.document, name="document"),
    path("dati/", views.data_dictionary, name="datasets"),
    path("dati/<slug:slug>.<str:fmt>", views.dataset, name="dataset"),
]
version_pages = [
    path("", views.plan, name="version"),
    path("piano.<str:fmt>", views.document, name="version_document"),
    path("dati/", views.data_dictionary, name="version_datasets"),
    path("dati/<slug:slug>.<str:fmt>", views.dataset, name="version_dataset"),
]

urlpatterns = [
    path("pubblico/", views.index, name="index"),
    path("pubblico/feed/", views.public(feeds.Publications()), name="feed"),
    path("pubblico/<slug:org>/", views.organization, name="organization"),
    path(
        "pubblico/<slug:org>/feed/", views.public(feeds.OrganizationPublications()), name="organization_feed"
    ),
    path("pubblico/<slug:org>/catalogo.<str:fmt>", views.catalogue, name="catalogue"),
    path("pubblico/<slug:org>/<int:year>/", include(plan_pages)),
    path("pubblico/<slug:org>/<int:year>/versioni/<int:number>/", include(version_pages)),
    path("pubblico/<slug:org>/<int:year>/relazione-performance.<str:fmt>", views.relazione, name="relazione"),
    path("pubblico/<slug:org>/<int:year>/portale-piao/", views.portal_instructions, name="portal"),
    path("pubblico/<slug:org>/<int:year>/portale-piao.zip", views.portal_zip, name="portal_zip"),
    path("enti/<slug:org>/pubblicazione/", views.settings_edit, name="settings"),
]
