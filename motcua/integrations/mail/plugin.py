"""E-mail as the integration registry knows it."""

from motcua.integrations.mail.checks import mail_deploy_check
from motcua.integrations.mail.client import mail_provider
from motcua.integrations.registry import Integration

MAIL = Integration(
    name="mail",
    title="Thư điện tử",
    setting="EMAIL_BACKEND",
    channel="email",
    provider=mail_provider,
    deploy_check=mail_deploy_check,
)
