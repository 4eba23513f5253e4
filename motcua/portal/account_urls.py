from django.urls import path

from motcua.portal import account_views as views

app_name = "account"
urlpatterns = [
    path("", views.home, name="home"),
    path("dang-ky/", views.register, name="register"),
    path("dang-ky/xac-thuc/", views.register_confirm, name="register_confirm"),
    path("dang-nhap/", views.sign_in, name="sign_in"),
    path("dang-nhap/xac-thuc/", views.sign_in_confirm, name="sign_in_confirm"),
    path("vneid/", views.vneid_start, name="vneid_start"),
    path("vneid/ve/", views.vneid_callback, name="vneid_callback"),
    path("uy-quyen/", views.representation_new, name="representation_add"),
    path("uy-quyen/<int:pk>/xoa/", views.representation_delete, name="representation_remove"),
    path("dang-xuat/", views.sign_out, name="sign_out"),
]
