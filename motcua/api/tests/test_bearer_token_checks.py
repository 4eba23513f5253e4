"""A bearer token works only while it is unexpired and its user active; the user it gives is the
whole user (roles and flags as stored)."""

from datetime import timedelta

import time_machine
from django.utils import timezone

from motcua.accounts.models import User
from motcua.api.auth import token_issue, token_user


def test_a_valid_token_gives_its_user_with_stored_flags(demo):
    user = User.objects.get(username="tiepnhan")
    token, _ = token_issue(user)
    found = token_user(token)
    assert found is not None and found.pk == user.pk
    assert found.is_active is True and found.is_superuser is False
    assert found.username == "tiepnhan" and found.full_name == user.full_name


def test_unknown_expired_and_inactive_are_refused(client, demo):
    user = User.objects.get(username="tiepnhan")
    token, record = token_issue(user)
    assert token_user(token + "x") is None
    with time_machine.travel(record.expires_at + timedelta(seconds=1)):
        assert token_user(token) is None
    assert client.get("/api/v1/dossiers", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert token_user(token) is None
    assert client.get("/api/v1/dossiers", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401


def test_a_token_just_before_expiry_still_works(demo):
    token, record = token_issue(User.objects.get(username="tiepnhan"))
    with time_machine.travel(record.expires_at - timedelta(seconds=1)):
        assert timezone.now() < record.expires_at
        assert token_user(token) is not None
