from django.urls import path

from .views import monitoring, people, reports, reviews, system

app_name = "evaluation"

urlpatterns = [
    path("", monitoring.dashboard, name="dashboard"),
    path("unita/<int:unit_id>/", monitoring.unit_dashboard, name="unit"),
    path("miei-obiettivi/", monitoring.my_objectives, name="mine"),
    path("obiettivi/<int:objective_id>/", reviews.objective_reviews, name="objective"),
    path("obiettivi/<int:objective_id>/<slug:kind>/", reviews.review_edit, name="review_edit"),
    path("verifiche/<int:review_id>/giudizi/", reviews.review_judgements, name="judgements"),
    path("verifiche/<int:review_id>/decisioni/", reviews.review_decisions, name="decisions"),
    path("verifiche/<int:review_id>/valida/", reviews.review_validate, name="validate"),
    path("verifiche/<int:review_id>/revisione/", reviews.review_revision, name="revision"),
    path("sistema/", system.system_detail, name="system"),
    path("sistema/modifica/", system.system_edit, name="system_edit"),
    path("sistema/modello/", system.system_preset, name="preset"),
    path("sistema/fasce/<int:indicator_id>/", system.indicator_scale, name="scale"),
    path("punteggi/", people.scores, name="scores"),
    path("personale/", people.people_list, name="people"),
    path("personale/<int:employee_id>/", people.person_detail, name="person"),
    path("premi/", people.bonus, name="bonus"),
    path("premi/fondi/", people.funds_edit, name="funds"),
    path("utenti/", people.accounts, name="accounts"),
    path("relazione/", reports.report, name="report"),
    path("relazione/relazione.docx", reports.report_file, {"fmt": "docx"}, name="report_docx"),
    path("relazione/relazione.pdf", reports.report_file, {"fmt": "pdf"}, name="report_pdf"),
    path("relazione/valida/", reports.report_validate, name="report_validate"),
    path("report-integrato/", reports.integrated_report, name="integrated_report"),
    path(
        "report-integrato/report-integrato.docx",
        reports.integrated_report_file,
        {"fmt": "docx"},
        name="integrated_report_docx",
    ),
    path(
        "report-integrato/report-integrato.pdf",
        reports.integrated_report_file,
        {"fmt": "pdf"},
        name="integrated_report_pdf",
    ),
]
