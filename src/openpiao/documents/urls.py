from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("", views.index, name="index"),
    path("stampa/<str:fmt>/", views.print_plan, name="print"),
    path("obiettivi/<int:objective_id>/stampa/<str:fmt>/", views.print_objective, name="print_objective"),
    path("stampe/<int:job_id>/", views.print_job, name="print_job"),
    path("stampe/<int:job_id>/file/", views.print_job_file, name="print_job_file"),
    path("verifica/", views.readiness_check, name="readiness"),
    path("primo-piano/", views.guide, name="guide"),
    path("testi/", views.texts, name="texts"),
    path("testi/<str:section>/", views.text_edit, name="text"),
    path("adozione/", views.adopt, name="adopt"),
    path("riapertura/", views.reopen, name="reopen"),
    path("pubblicazione/", views.publish, name="publish"),
    path("foglio.xlsx", views.workbook, name="workbook"),
    path("foglio-vuoto.xlsx", views.workbook_empty, name="workbook_empty"),
    path("importa-foglio/", views.workbook_import, name="workbook_import"),
    path("versioni/<int:number>/<str:fmt>/", views.version_file, name="version_file"),
]
