"""Staff password sign-in pages: /dang-nhap/ and the admin's login, both through
`accounts.signin.password_sign_in` (one throttle, one lock-out for every password surface).
A locked sign-in answers 429 with the time it may be tried again."""

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.admin import AdminSite
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse

from motcua.accounts.signin import SignInLocked, SignInRefused, password_sign_in


class _ThrottledClean:
    """Replaces AuthenticationForm.clean's bare `authenticate()` with the throttled sign-in."""

    request: HttpRequest | None
    cleaned_data: dict[str, Any]
    user_cache: Any
    locked: SignInLocked | None = None

    if TYPE_CHECKING:

        def confirm_login_allowed(self, user: Any) -> None: ...

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is not None and password:
            try:
                self.user_cache = password_sign_in(
                    request=self.request, username=username, password=password
                )
            except SignInLocked as exc:
                self.locked = exc
                raise forms.ValidationError(exc.message, code="locked") from exc
            except SignInRefused as exc:
                raise forms.ValidationError(exc.message, code="invalid_login") from exc
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


class StaffSignInForm(_ThrottledClean, AuthenticationForm):
    pass


class AdminSignInForm(_ThrottledClean, AdminAuthenticationForm):
    pass


def _locked_status(response: HttpResponse) -> HttpResponse:
    form = (getattr(response, "context_data", None) or {}).get("form")
    if isinstance(form, _ThrottledClean) and form.locked is not None:
        response.status_code = 429
        response["Retry-After"] = str(form.locked.retry_after)
    return response


class StaffSignInView(LoginView):
    authentication_form = StaffSignInForm

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return _locked_status(super().post(request, *args, **kwargs))


class MotcuaAdminSite(AdminSite):
    site_header = "MotCua – Quản trị"
    site_title = "MotCua"
    index_title = "Danh mục và cấu hình"
    login_form = AdminSignInForm

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        return _locked_status(super().login(request, extra_context))
