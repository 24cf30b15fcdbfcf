from django.urls import path

from . import views

app_name = "risk"

urlpatterns = [
    path("", views.register, name="register"),
    path("processi/nuovo/", views.process_edit, name="process_create"),
    path("processi/<int:process_id>/", views.process_detail, name="process"),
    path("processi/<int:process_id>/modifica/", views.process_edit, name="process_edit"),
    path("processi/<int:process_id>/elimina/", views.process_delete, name="process_delete"),
    path("processi/<int:process_id>/valutazione/", views.assessment_edit, name="assessment"),
    path("mappa-integrata/", views.integrated_map_page, name="integrated_map"),
    path("misure/", views.measure_list, name="measures"),
    path("misure/nuova/", views.measure_edit, name="measure_create"),
    path("misure/<int:measure_id>/", views.measure_detail, name="measure"),
    path("misure/<int:measure_id>/modifica/", views.measure_edit, name="measure_edit"),
    path("mappa-tipo/", views.starter_map, name="starter_map"),
    path("mappa-tipo/piccoli-comuni/", views.small_comune_seed, name="small_comune_seed"),
    path("impostazioni/", views.settings_edit, name="settings"),
    path("relazione-rpct/", views.rpct_report, name="rpct_report"),
    path("relazione-rpct.docx", views.rpct_report_download, {"fmt": "docx"}, name="rpct_report_docx"),
    path("relazione-rpct.pdf", views.rpct_report_download, {"fmt": "pdf"}, name="rpct_report_pdf"),
]
