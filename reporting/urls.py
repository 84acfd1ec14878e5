from django.urls import path

from . import views_dashboard, views_exports, views_selection

app_name = "reporting"
urlpatterns = [
    # The program dashboard: charts of the pipeline, the envelope, the reports and the results.
    path("tableau-de-bord/", views_dashboard.dashboard, name="dashboard"),
    # Staff exports (CSV, XLSX; large ones prepared by Celery) and printable files (PDF).
    path("exportations/", views_exports.export_page, name="exports"),
    path("exportations/selection/", views_selection.selection_export, name="selection_export"),
    path("exportations/<int:pk>/", views_exports.export_job, name="export_job"),
    path("exportations/<int:pk>/fichier/", views_exports.export_file, name="export_file"),
    path("demandes/<int:pk>/pdf/", views_exports.proposal_pdf, name="proposal_pdf"),
    path("rapports/<int:pk>/pdf/", views_exports.report_pdf, name="report_pdf"),
]
