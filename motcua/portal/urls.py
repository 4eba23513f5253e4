from django.urls import path

from motcua.portal import citizen_views, views

app_name = "portal"
urlpatterns = [
    path("", views.catalog, name="home"),
    path("thu-tuc/", views.catalog, name="catalog"),
    path("thu-tuc/<str:code>/", views.procedure, name="procedure"),
    path("nop-ho-so/<str:code>/", citizen_views.submit, name="submit"),
    path("tra-cuu/", citizen_views.track, name="track"),
    path("tra-cuu/<str:code>", citizen_views.track, name="track_code"),
    path("ho-so-cua-toi/", citizen_views.my_dossiers, name="my_dossiers"),
    path("ho-so-cua-toi/<str:code>/", citizen_views.my_dossier, name="my_dossier"),
    path("ho-so-cua-toi/<str:code>/phieu/<str:name>.pdf", citizen_views.my_slip, name="my_slip"),
    path("ho-so-cua-toi/<str:code>/tep/<int:file_id>/", citizen_views.my_file, name="my_file"),
]
