"""Password guessing on the API token, /dang-nhap/ and the admin login is throttled by one
mechanism: per account name and per client address, with a lock-out the person is told about
(until when) and an administrator can lift; lock-outs and lifts are audited."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from motcua.accounts.models import LockoutScope, SignInLockout
from motcua.audit.models import AuditEvent
from motcua.core.localtime import format_datetime
from motcua.demo.organisation import DEMO_PASSWORD

pytestmark = pytest.mark.django_db
TOKEN = "/api/v1/auth/token"


def api(client, username: str, password: str, address: str = "198.51.100.1"):
    return client.post(
        TOKEN,
        {"username": username, "password": password},
        content_type="application/json",
        REMOTE_ADDR=address,
    )


def form(client, path: str, username: str, password: str, address: str = "198.51.100.1"):
    return client.post(path, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_the_fifth_wrong_password_locks_the_account_and_says_until_when(client, receptionist):
    statuses = [api(client, "receptionist", f"wrong-{n}").status_code for n in range(5)]
    assert statuses == [401, 401, 401, 401, 429]
    reply = api(client, "receptionist", DEMO_PASSWORD)
    assert reply.status_code == 429
    lockout = SignInLockout.objects.get()
    assert (lockout.scope, lockout.subject) == (LockoutScope.ACCOUNT, "receptionist")
    assert f"đến {format_datetime(lockout.locked_until)}" in reply.json()["detail"]
    assert 14 * 60 < int(reply["Retry-After"]) <= 15 * 60 + 1
    assert AuditEvent.objects.filter(action="sign_in.locked", object_id=str(lockout.pk)).exists()


def test_the_lock_ends_after_its_time(client, receptionist):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for n in range(5):
            api(client, "receptionist", f"wrong-{n}")
        traveller.shift(timedelta(minutes=14))
        assert api(client, "receptionist", DEMO_PASSWORD).status_code == 429
        traveller.shift(timedelta(minutes=1, seconds=1))
        assert api(client, "receptionist", DEMO_PASSWORD).status_code == 200


def test_one_count_for_every_password_surface(client, receptionist):
    api(client, "receptionist", "wrong-1")
    api(client, "receptionist", "wrong-2")
    form(client, "/dang-nhap/", "receptionist", "wrong-3")
    form(client, "/quan-tri/login/", "receptionist", "wrong-4")
    locked = form(client, "/dang-nhap/", "receptionist", "wrong-5")
    assert locked.status_code == 429
    assert "tạm bị khóa đăng nhập đến" in locked.content.decode()
    admin_page = form(client, "/quan-tri/login/", "receptionist", DEMO_PASSWORD)
    assert admin_page.status_code == 429
    assert "tạm bị khóa đăng nhập đến" in admin_page.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_success_forgets_the_accounts_failures(client, receptionist):
    for n in range(4):
        api(client, "receptionist", f"wrong-{n}")
    assert api(client, "receptionist", DEMO_PASSWORD).status_code == 200
    for n in range(4):
        assert api(client, "receptionist", f"again-{n}").status_code == 401


def test_names_without_an_account_lock_the_same_way(client, receptionist):
    statuses = [api(client, "nobody-here", f"wrong-{n}").status_code for n in range(5)]
    assert statuses == [401, 401, 401, 401, 429]
    assert SignInLockout.objects.filter(subject="nobody-here").exists()


def test_one_address_guessing_many_names_is_locked_but_not_others(client, receptionist, settings):
    settings.MOTCUA_SIGN_IN_FAILURES_PER_ADDRESS = 8
    statuses = [api(client, f"name-{n}", "x", address="203.0.113.9").status_code for n in range(8)]
    assert statuses == [401] * 7 + [429]
    assert api(client, "receptionist", DEMO_PASSWORD, address="203.0.113.9").status_code == 429
    assert api(client, "receptionist", DEMO_PASSWORD, address="203.0.113.10").status_code == 200
    assert SignInLockout.objects.filter(scope=LockoutScope.ADDRESS, subject="203.0.113.9").exists()


def test_an_administrator_lifts_a_lock_out(client, receptionist, admin):
    for n in range(5):
        api(client, "receptionist", f"wrong-{n}")
    lockout = SignInLockout.objects.get()
    client.force_login(admin)
    listing = client.get("/quan-tri/accounts/signinlockout/?active=yes").content.decode()
    assert "receptionist" in listing
    response = client.post(
        "/quan-tri/accounts/signinlockout/",
        {"action": "lift", "_selected_action": [lockout.pk]},
    )
    assert response.status_code == 302
    lockout.refresh_from_db()
    assert lockout.lifted_at is not None and lockout.lifted_by == admin
    lifted = AuditEvent.objects.get(action="sign_in.unlocked")
    assert lifted.actor == admin
    client.logout()
    assert api(client, "receptionist", DEMO_PASSWORD).status_code == 200


def test_officers_cannot_lift_lock_outs(client, receptionist, specialist):
    for n in range(5):
        api(client, "receptionist", f"wrong-{n}")
    client.force_login(specialist)
    response = client.get("/quan-tri/accounts/signinlockout/")
    assert response.status_code == 403
    client.post(
        "/quan-tri/accounts/signinlockout/",
        {"action": "lift", "_selected_action": [SignInLockout.objects.get().pk]},
    )
    assert SignInLockout.objects.get().lifted_at is None


def test_the_staff_page_shows_the_lock_message_in_vietnamese(client, receptionist):
    for n in range(5):
        response = form(client, "/dang-nhap/", "receptionist", f"wrong-{n}")
    page = response.content.decode()
    assert re.search(r"đến \d\d:\d\d \d\d/\d\d/\d{4}", page)
    assert "quản trị viên mở khóa" in page
