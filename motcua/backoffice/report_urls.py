from django.urls import path

from motcua.backoffice import report_views as views

app_name = "reports"
urlpatterns = [
    path("", views.report_page, name="page"),
    path("ho-so/", views.cell_dossiers, name="dossiers"),
]
