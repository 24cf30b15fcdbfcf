from django.urls import path

from . import views

app_name = "evaluation"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("unita/<int:unit_id>/", views.unit_dashboard, name="unit"),
    path("miei-obiettivi/", views.my_objectives, name="mine"),
    path("obiettivi/<int:objective_id>/", views.objective_reviews, name="objective"),
    path("obiettivi/<int:objective_id>/<slug:kind>/", views.review_edit, name="review_edit"),
    path("verifiche/<int:review_id>/giudizi/", views.review_judgements, name="judgements"),
    path("verifiche/<int:review_id>/valida/", views.review_validate, name="validate"),
    path("verifiche/<int:review_id>/revisione/", views.review_revision, name="revision"),
    path("sistema/", views.system_detail, name="system"),
    path("sistema/modifica/", views.system_edit, name="system_edit"),
    path("sistema/modello/", views.system_preset, name="preset"),
    path("punteggi/", views.scores, name="scores"),
    path("personale/", views.people_list, name="people"),
    path("personale/<int:employee_id>/", views.person_detail, name="person"),
    path("premi/", views.bonus, name="bonus"),
    path("premi/fondi/", views.funds_edit, name="funds"),
    path("utenti/", views.accounts, name="accounts"),
    path("relazione/", views.report, name="report"),
    path("relazione/relazione.docx", views.report_file, {"fmt": "docx"}, name="report_docx"),
    path("relazione/relazione.pdf", views.report_file, {"fmt": "pdf"}, name="report_pdf"),
    path("relazione/valida/", views.report_validate, name="report_validate"),
]
