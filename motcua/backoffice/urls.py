from django.urls import path

from motcua.backoffice import dashboard, evaluation_views, views

app_name = "backoffice"
urlpatterns = [
    path("", views.home, name="home"),
    path("tong-quan/", dashboard.dashboard, name="dashboard"),
    path("tiep-nhan/", views.intake, name="intake"),
    path("tiep-nhan/thu-tuc/", views.intake_procedure, name="intake_procedure"),
    path("so-theo-doi/", views.register, name="register"),
    path("danh-gia/", views.ratings, name="ratings"),
    path("danh-gia/tong-hop/", evaluation_views.evaluation, name="evaluation"),
    path(
        "danh-gia/tong-hop/tu-cham/",
        evaluation_views.evaluation_self_assess,
        name="evaluation_self_assess",
    ),
    path(
        "danh-gia/tong-hop/ho-so/",
        evaluation_views.evaluation_dossier_list,
        name="evaluation_dossiers",
    ),
    path("ho-so/<str:code>/", views.dossier_page, name="dossier"),
    path("ho-so/<str:code>/phieu/<str:name>.<str:fmt>", views.slip, name="slip"),
    path("ho-so/<str:code>/tep/<int:file_id>/", views.dossier_file, name="dossier_file"),
]
