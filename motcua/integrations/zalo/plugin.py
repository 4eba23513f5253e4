"""Zalo ZNS as the integration registry knows it."""

from motcua.integrations.registry import Integration
from motcua.integrations.zalo.checks import zalo_deploy_check, zalo_settings_check
from motcua.integrations.zalo.client import zalo_provider

ZALO = Integration(
    name="zalo",
    title="Tin Zalo (ZNS)",
    setting="MOTCUA_ZALO_PROVIDER",
    channel="zalo",
    provider=zalo_provider,
    check=zalo_settings_check,
    deploy_check=zalo_deploy_check,
)
