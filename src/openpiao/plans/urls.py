from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("nuovo/", views.plan_create, name="create"),
    path("importa/", views.plan_import, name="import"),
    path("importazioni/<int:import_id>/", views.import_job, name="import_job"),
    path("importazioni/<int:import_id>/riprova/", views.import_job_retry, name="import_job_retry"),
    path("<int:year>/", views.plan_detail, name="detail"),
    path("<int:year>/modifica/", views.plan_edit, name="edit"),
    path("<int:year>/piano.json", views.plan_export, name="export"),
    path("<int:year>/nuovo-piano/", views.plan_rollover, name="rollover"),
    path("<int:year>/confronto/", views.plan_compare, name="compare"),
    path("<int:year>/lavori/<int:plan_job_id>/", views.plan_job, name="job"),
    path("<int:year>/lavori/<int:plan_job_id>/riprova/", views.plan_job_retry, name="job_retry"),
    path(
        "<int:year>/confronto/aggiornamento.docx",
        views.plan_compare_download,
        {"fmt": "docx"},
        name="compare_docx",
    ),
    path(
        "<int:year>/confronto/aggiornamento.pdf",
        views.plan_compare_download,
        {"fmt": "pdf"},
        name="compare_pdf",
    ),
]
