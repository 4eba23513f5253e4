"""The SMS gateway as the integration registry knows it."""

from motcua.integrations.registry import Integration
from motcua.integrations.sms.checks import sms_deploy_check, sms_settings_check
from motcua.integrations.sms.client import sms_provider

SMS = Integration(
    name="sms",
    title="Tin nhắn SMS",
    setting="MOTCUA_SMS_PROVIDER",
    channel="sms",
    provider=sms_provider,
    check=sms_settings_check,
    deploy_check=sms_deploy_check,
)
