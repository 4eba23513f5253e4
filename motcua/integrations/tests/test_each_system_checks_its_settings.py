"""The registry names every outside system; each checks its own settings, and every notify
channel has exactly one provider."""

import pytest

from motcua.integrations.mail.client import DjangoMailProvider
from motcua.integrations.registry import (
    channel_provider,
    integrations,
    integrations_check,
    integrations_deploy_check,
)
from motcua.integrations.sms.simulator import SimulatorSmsProvider
from motcua.integrations.zalo.client import HttpZaloProvider
from motcua.notify.constants import NotifyChannel


def ids(problems):
    return sorted(problem.id for problem in problems)


def test_every_channel_has_one_provider_chosen_by_settings(settings):
    carriers = [i.channel for i in integrations() if i.channel]
    assert sorted(carriers) == sorted(NotifyChannel.values)
    assert isinstance(channel_provider(NotifyChannel.EMAIL), DjangoMailProvider)
    assert isinstance(channel_provider(NotifyChannel.SMS), SimulatorSmsProvider)
    settings.MOTCUA_ZALO_PROVIDER = "http"
    assert isinstance(channel_provider(NotifyChannel.ZALO), HttpZaloProvider)
    with pytest.raises(LookupError):
        channel_provider("fax")


def test_the_local_defaults_pass_and_only_deploy_warns(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    settings.DEFAULT_FROM_EMAIL = "motcua@localhost"
    settings.MOTCUA_SMS_PROVIDER = settings.MOTCUA_ZALO_PROVIDER = "simulator"
    settings.MOTCUA_VNEID_ISSUER = settings.MOTCUA_CLAMD_URL = ""
    assert integrations_check() == []
    assert ids(integrations_deploy_check()) == [
        "motcua.mail.W001",
        "motcua.mail.W002",
        "motcua.sms.W001",
        "motcua.zalo.W001",
    ]


@pytest.mark.parametrize(
    ("overrides", "check_id"),
    [
        ({"MOTCUA_SMS_PROVIDER": "pigeon"}, "motcua.sms.E001"),
        ({"MOTCUA_SMS_PROVIDER": "http", "MOTCUA_SMS_URL": ""}, "motcua.sms.E002"),
        ({"MOTCUA_ZALO_PROVIDER": "carrier-pigeon"}, "motcua.zalo.E001"),
        ({"MOTCUA_ZALO_PROVIDER": "http", "MOTCUA_ZALO_TOKEN": "t"}, "motcua.zalo.E002"),
        ({"MOTCUA_VNEID_ISSUER": "https://sso.example.vn"}, "motcua.vneid.E001"),
        (
            {"MOTCUA_VNEID_ISSUER": "https://sso.example.vn", "MOTCUA_VNEID_CLIENT_ID": "m"},
            "motcua.vneid.E002",
        ),
        ({"MOTCUA_CLAMD_URL": "127.0.0.1:3310"}, "motcua.clamav.E001"),
    ],
)
def test_a_setting_that_cannot_work_is_an_error(settings, overrides, check_id):
    for name, value in overrides.items():
        setattr(settings, name, value)
    assert ids(integrations_check()) == [check_id]


def test_production_settings_pass_and_a_local_provider_warns(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.DEFAULT_FROM_EMAIL = "motcua@sgddt.example.gov.vn"
    settings.MOTCUA_SMS_PROVIDER = settings.MOTCUA_ZALO_PROVIDER = "http"
    settings.MOTCUA_SMS_URL = "https://sms.example.vn/send"
    settings.MOTCUA_ZALO_TOKEN = settings.MOTCUA_ZALO_TEMPLATE_ID = "x"
    settings.MOTCUA_CLAMD_URL = "unix:///run/clamav/clamd.ctl"
    assert integrations_check() == integrations_deploy_check() == []
    settings.MOTCUA_VNEID_ISSUER = "http://127.0.0.1:8765"
    settings.MOTCUA_VNEID_CLIENT_ID = settings.MOTCUA_VNEID_CLIENT_SECRET = "local"
    assert integrations_check() == []
    assert ids(integrations_deploy_check()) == ["motcua.vneid.W001"]


def test_manage_py_check_runs_the_registry(settings):
    from django.core import checks

    settings.MOTCUA_SMS_PROVIDER = "pigeon"
    assert "motcua.sms.E001" in ids(checks.run_checks())
