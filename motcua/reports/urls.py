from django.urls import path

from motcua.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.report_page, name="page"),
    path("ho-so/", views.cell_dossiers, name="dossiers"),
]
