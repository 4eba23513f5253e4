"""The citizen's notification settings page (linked from the account page); no JavaScript."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from motcua.accounts.permissions import person
from motcua.notify.selectors import preference_of
from motcua.notify.services import notification_preference_set


class PreferenceForm(forms.Form):
    email = forms.BooleanField(label="Thư điện tử", required=False)
    sms = forms.BooleanField(label="Tin nhắn SMS", required=False)
    zalo = forms.BooleanField(
        label="Tin Zalo (gửi tới số điện thoại có tài khoản Zalo)", required=False
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        # Supplement requests and refusals have deadlines: the applicant must hear of them.
        if not any(data.get(name) for name in ("email", "sms", "zalo")):
            raise forms.ValidationError("Vui lòng chọn ít nhất một cách nhận thông báo.")
        return data


def preferences(request: HttpRequest) -> HttpResponse:
    """Show and save which channels the signed-in person hears on."""
    if not request.user.is_authenticated:
        return redirect_to_login(
            request.get_full_path(), login_url=settings.MOTCUA_CITIZEN_LOGIN_URL
        )
    user = person(request)
    preference = preference_of(user)
    if request.method == "POST":
        form = PreferenceForm(request.POST)
        if form.is_valid():
            notification_preference_set(
                user=user,
                email=form.cleaned_data["email"],
                sms=form.cleaned_data["sms"],
                zalo=form.cleaned_data["zalo"],
            )
            messages.success(request, "Đã lưu cách nhận thông báo.")
            return redirect("notify:preferences")
    else:
        form = PreferenceForm(
            initial={"email": preference.email, "sms": preference.sms, "zalo": preference.zalo}
        )
    context = {"form": form, "email": user.email, "phone": user.phone}
    return render(
        request, "portal/account/notifications.html", context, status=400 if form.errors else 200
    )
