from django.urls import path

from motcua.portal import notification_views as views

app_name = "notify"  # the page is about notify; its view is a portal page
urlpatterns = [
    path("cai-dat/", views.preferences, name="preferences"),
]
