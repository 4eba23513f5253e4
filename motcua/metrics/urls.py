from django.urls import path

from motcua.metrics import views

app_name = "metrics"
urlpatterns = [
    path("", views.public_stats_page, name="public"),
]
