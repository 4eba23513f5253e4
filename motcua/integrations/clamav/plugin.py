"""ClamAV's daemon as the integration registry knows it (no message channel)."""

from motcua.integrations.clamav.checks import clamav_settings_check
from motcua.integrations.registry import Integration

CLAMAV = Integration(
    name="clamav",
    title="Quét mã độc (ClamAV)",
    setting="MOTCUA_CLAMD_URL",
    check=clamav_settings_check,
)
