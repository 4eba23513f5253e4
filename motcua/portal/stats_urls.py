from django.urls import path

from motcua.portal import stats_views as views

app_name = "metrics"
urlpatterns = [
    path("", views.public_stats_page, name="public"),
]
