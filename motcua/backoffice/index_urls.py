"""The 766 index in the back office, under /can-bo/chi-so-766/."""

from django.urls import path

from motcua.backoffice import index_views as views

app_name = "metrics_index"
urlpatterns = [
    path("", views.index_page, name="index"),
    path("<str:indicator>/ho-so/", views.index_dossiers_page, name="dossiers"),
]
