"""Citizen account pages: register, sign in with a code or VNeID, the account page.

Each page works without JavaScript. A two-step flow keeps the normalised destination in the
session between "send me a code" and "here is the code", never in the page.
"""

import logging
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from motcua.accounts.citizens import (
    AccountError,
    citizen_register,
    citizen_sign_in_with_code,
    citizen_sign_in_with_vneid,
    one_time_code_issue,
    representation_add,
    representation_remove,
    representations_of,
)
from motcua.accounts.models import (
    CitizenProfile,
    CodeChannel,
    CodePurpose,
    PrincipalKind,
    Representation,
)
from motcua.accounts.permissions import person
from motcua.core.addresses import client_address
from motcua.core.inputs import DayField, TextField
from motcua.core.links import public_url_for
from motcua.integrations.vneid.client import (
    DENIED,
    STALE,
    VneidClient,
    VneidError,
    vneid_config,
)

log = logging.getLogger(__name__)

PENDING = "motcua_account_pending"  # session key: {"destination", "channel", "purpose", "next"}
VNEID_FLOW = "motcua_vneid_flow"  # session key: {"state", "nonce", "verifier", "next"}
BACKEND = "django.contrib.auth.backends.ModelBackend"

CODE_WIDGET = forms.TextInput(
    attrs={
        "inputmode": "numeric",
        "autocomplete": "one-time-code",
        "pattern": "[0-9 ]*",
        "maxlength": "8",
        "autofocus": True,
    }
)


class DestinationForm(forms.Form):
    destination = TextField(
        label="Thư điện tử hoặc số điện thoại di động",
        max_length=254,
        help_text="Ví dụ: ten@example.vn hoặc 0912345678. Chúng tôi sẽ gửi mã xác thực tới đây.",
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )


class CodeForm(forms.Form):
    code = TextField(label="Mã xác thực (6 chữ số)", max_length=8, widget=CODE_WIDGET)


class RegisterForm(CodeForm):
    full_name = TextField(
        label="Họ và tên",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    id_number = TextField(
        label="Số căn cước công dân (CCCD)",
        max_length=14,
        required=False,
        help_text="Không bắt buộc; 12 chữ số. Giúp điền sẵn khi nộp hồ sơ.",
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )


class RepresentationForm(forms.Form):
    kind = forms.ChoiceField(
        label="Người ủy quyền là",
        choices=PrincipalKind.choices,
        initial=PrincipalKind.INDIVIDUAL,
        widget=forms.RadioSelect,
    )
    principal_name = TextField(label="Họ tên cá nhân hoặc tên tổ chức", max_length=255)
    principal_id_number = TextField(
        label="Số CCCD (cá nhân) hoặc mã số thuế (tổ chức)",
        max_length=20,
        help_text="CCCD: 12 chữ số. Mã số thuế: 10 chữ số, hoặc 13 chữ số với đơn vị phụ thuộc.",
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    document_reference = TextField(
        label="Giấy ủy quyền (số, ngày ký)",
        max_length=255,
        help_text="Ví dụ: Giấy ủy quyền số 12/GUQ ngày 05/01/2026.",
    )
    valid_until = DayField(
        label="Giấy ủy quyền có hiệu lực đến ngày",
        help_text="Ngày/tháng/năm, ví dụ 31/12/2026.",
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
    )


# -- Helpers ------------------------------------------------------------------------------------


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    """`candidate` when it is a page of this site (never another host), else the account page."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("account:home")


def _next(request: HttpRequest, *, fresh: bool = False) -> str:
    """Where to go once signed in ('' for the account page): the page that sent the citizen
    here, carried through every step (the form, a mistake on it, the code, a resent code, the
    switch between sign-in and registration), and only ever a page of this site. `fresh`: a
    new flow starts, so a flow left half-way earlier lends it nothing."""
    pending = {} if fresh else request.session.get(PENDING) or {}
    candidate = request.POST.get("next") or request.GET.get("next") or pending.get("next", "")
    safe = _safe_next(request, candidate)
    return "" if safe == reverse("account:home") else safe


def _sign_in(request: HttpRequest, user: Any, next_url: str) -> HttpResponseRedirect:
    login(request, user, backend=BACKEND)
    messages.success(request, f"Xin chào {user}. Bạn đã đăng nhập.")
    return HttpResponseRedirect(next_url)


def _context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    return {
        "vneid_enabled": vneid_config() is not None,
        "next": _next(request),
        # Where a developer reads codes on a machine that sends nothing for real.
        "dev_email": settings.EMAIL_BACKEND.endswith("console.EmailBackend"),
        "dev_sms": settings.MOTCUA_SMS_PROVIDER == "simulator",
        **extra,
    }


def _start(request: HttpRequest, purpose: str, template: str, confirm_url: str) -> HttpResponse:
    """Step 1 of register and sign-in: ask for the destination, send a code."""
    form = DestinationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            target = one_time_code_issue(
                destination=form.cleaned_data["destination"],
                purpose=purpose,
                client_ip=client_address(request),
            )
        except AccountError as exc:
            form.add_error(None, exc.message)
        else:
            request.session[PENDING] = {
                "destination": target.value,
                "channel": target.channel,
                "purpose": purpose,
                "next": _next(request, fresh=True),
            }
            where = "hộp thư" if target.channel == CodeChannel.EMAIL else "số điện thoại"
            messages.info(request, f"Đã gửi mã xác thực tới {where} {target.value}.")
            return redirect(confirm_url)
    return render(request, template, _context(request, form=form, next=_next(request, fresh=True)))


def _pending(request: HttpRequest, purpose: str) -> dict[str, str] | None:
    pending = request.session.get(PENDING)
    if not pending or pending.get("purpose") != purpose:
        return None
    return dict(pending)


# -- Register and sign in with a code -----------------------------------------------------------


def register(request: HttpRequest) -> HttpResponse:
    """Đăng ký, step 1: e-mail or phone."""
    return _start(
        request,
        CodePurpose.REGISTER,
        "portal/account/register.html",
        reverse("account:register_confirm"),
    )


def register_confirm(request: HttpRequest) -> HttpResponse:
    """Đăng ký, step 2: the code, the name and (optionally) the CCCD number."""
    pending = _pending(request, CodePurpose.REGISTER)
    if pending is None:
        return redirect("account:register")
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = citizen_register(
                destination=pending["destination"],
                code=form.cleaned_data["code"],
                full_name=form.cleaned_data["full_name"],
                id_number=form.cleaned_data["id_number"],
            )
        except AccountError as exc:
            form.add_error(None, exc.message)
        else:
            request.session.pop(PENDING, None)
            return _sign_in(request, user, _safe_next(request, pending.get("next")))
    context = _context(request, form=form, pending=pending, restart=reverse("account:register"))
    return render(request, "portal/account/register_confirm.html", context)


def sign_in(request: HttpRequest) -> HttpResponse:
    """Đăng nhập bằng mã, step 1: e-mail or phone."""
    if request.user.is_authenticated and request.method == "GET":
        return HttpResponseRedirect(_safe_next(request, _next(request)))
    return _start(
        request,
        CodePurpose.SIGN_IN,
        "portal/account/sign_in.html",
        reverse("account:sign_in_confirm"),
    )


def sign_in_confirm(request: HttpRequest) -> HttpResponse:
    """Đăng nhập bằng mã, step 2: the code."""
    pending = _pending(request, CodePurpose.SIGN_IN)
    if pending is None:
        return redirect("account:sign_in")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = citizen_sign_in_with_code(
                destination=pending["destination"], code=form.cleaned_data["code"]
            )
        except AccountError as exc:
            form.add_error(None, exc.message)
        else:
            request.session.pop(PENDING, None)
            return _sign_in(request, user, _safe_next(request, pending.get("next")))
    context = _context(request, form=form, pending=pending, restart=reverse("account:sign_in"))
    return render(request, "portal/account/sign_in_confirm.html", context)


# -- VNeID ----------------------------------------------------------------------------------------


def _vneid_redirect_uri() -> str:
    # The exact URI registered with the identity provider: built from the public base URL, not
    # from the request's Host header, which a proxy or an attacker may change.
    return public_url_for("account:vneid_callback")


def _vneid_failed(request: HttpRequest, message: str) -> HttpResponse:
    context = _context(request, form=DestinationForm(), vneid_error=message)
    return render(request, "portal/account/sign_in.html", context, status=400)


def vneid_start(request: HttpRequest) -> HttpResponse:
    """Send the browser to VNeID with fresh state, nonce and PKCE verifier."""
    config = vneid_config()
    if config is None:
        raise Http404("Chưa cấu hình đăng nhập bằng VNeID.")
    try:
        flow = VneidClient(config).authorization_request(redirect_uri=_vneid_redirect_uri())
    except VneidError as exc:
        log.warning("VNeID start failed: %s", exc.detail)
        return _vneid_failed(request, exc.message)
    request.session[VNEID_FLOW] = {
        "state": flow.state,
        "nonce": flow.nonce,
        "verifier": flow.code_verifier,
        "next": _next(request),
    }
    return HttpResponseRedirect(flow.url)


def vneid_callback(request: HttpRequest) -> HttpResponse:
    """VNeID sends the browser back here with a code (or an error) and our state."""
    config = vneid_config()
    if config is None:
        raise Http404("Chưa cấu hình đăng nhập bằng VNeID.")
    flow = request.session.pop(VNEID_FLOW, None)
    state = request.GET.get("state", "")
    # The state ties the answer to this browser's own request (login CSRF, RFC 6749 10.12).
    if not flow or not state or not constant_time_compare(state, flow["state"]):
        return _vneid_failed(request, STALE)
    if request.GET.get("error"):
        log.info("VNeID answered error=%s", request.GET.get("error"))
        if request.GET["error"] == "access_denied":
            return _vneid_failed(request, DENIED)
        return _vneid_failed(request, "VNeID không thực hiện được yêu cầu đăng nhập.")
    try:
        identity = VneidClient(config).identity(
            code=request.GET.get("code", ""),
            code_verifier=flow["verifier"],
            nonce=flow["nonce"],
            redirect_uri=_vneid_redirect_uri(),
        )
        user = citizen_sign_in_with_vneid(identity=identity)
    except VneidError as exc:
        log.warning("VNeID sign-in refused: %s", exc.detail)
        return _vneid_failed(request, exc.message)
    except AccountError as exc:
        return _vneid_failed(request, exc.message)
    return _sign_in(request, user, _safe_next(request, flow.get("next")))


# -- The account page -----------------------------------------------------------------------------


def _signed_in(request: HttpRequest) -> HttpResponse | None:
    if request.user.is_authenticated:
        return None
    return redirect_to_login(request.get_full_path(), login_url=reverse("account:sign_in"))


def home(request: HttpRequest, form: RepresentationForm | None = None) -> HttpResponse:
    """The signed-in person's own profile and representations (nobody else's: no id in URLs)."""
    if (response := _signed_in(request)) is not None:
        return response
    user = person(request)
    context = {
        "profile": CitizenProfile.objects.filter(user=user).first(),
        "representations": list(representations_of(user)),
        "form": form or RepresentationForm(),
    }
    return render(request, "portal/account/home.html", context, status=400 if form else 200)


@require_POST
def representation_new(request: HttpRequest) -> HttpResponse:
    """Declare a representation (ủy quyền) from the account page's form."""
    if (response := _signed_in(request)) is not None:
        return response
    form = RepresentationForm(request.POST)
    if form.is_valid():
        try:
            representation_add(representative=person(request), **form.cleaned_data)
        except AccountError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                "Đã ghi nhận ủy quyền. Cán bộ sẽ kiểm tra giấy ủy quyền khi tiếp nhận hồ sơ.",
            )
            return redirect(reverse("account:home") + "#uy-quyen")
    return home(request, form=form)


@require_POST
def representation_delete(request: HttpRequest, pk: int) -> HttpResponse:
    if (response := _signed_in(request)) is not None:
        return response
    try:
        representation_remove(representative=person(request), representation_id=pk)
    except Representation.DoesNotExist as exc:
        raise Http404("Không có ủy quyền này trong tài khoản của bạn.") from exc
    messages.success(request, "Đã xóa ủy quyền.")
    return redirect(reverse("account:home") + "#uy-quyen")


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.success(request, "Bạn đã đăng xuất.")
    return redirect("portal:home")
