from django.urls import path

from motcua.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.catalog, name="home"),
    path("thu-tuc/", views.catalog, name="catalog"),
    path("thu-tuc/<str:code>/", views.procedure, name="procedure"),
]
