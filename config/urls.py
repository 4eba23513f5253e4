from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from motcua.api.api import api
from motcua.backoffice.sign_in import StaffSignInView

urlpatterns = [
    path("quan-tri/", admin.site.urls),
    path("dang-nhap/", StaffSignInView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("api/v1/", api.urls),
    path("can-bo/bao-cao/", include("motcua.backoffice.report_urls")),
    path("can-bo/chi-so-766/", include("motcua.backoffice.index_urls")),
    path("can-bo/", include("motcua.backoffice.urls")),
    path("tai-khoan/", include("motcua.portal.account_urls")),
    path("thong-bao/", include("motcua.portal.notification_urls")),
    path("thong-ke/", include("motcua.portal.stats_urls")),
    path("", include("motcua.portal.urls")),
]
