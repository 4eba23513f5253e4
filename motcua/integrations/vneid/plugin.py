"""VNeID sign-in as the integration registry knows it (no message channel)."""

from motcua.integrations.registry import Integration
from motcua.integrations.vneid.checks import vneid_deploy_check, vneid_settings_check

VNEID = Integration(
    name="vneid",
    title="Đăng nhập VNeID",
    setting="MOTCUA_VNEID_ISSUER",
    check=vneid_settings_check,
    deploy_check=vneid_deploy_check,
)
