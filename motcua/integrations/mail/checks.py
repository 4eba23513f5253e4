"""Settings checks for e-mail (run by `manage.py check` through the registry)."""

from django.conf import settings
from django.core import checks

# Django's backends that keep or print messages instead of sending them.
NOT_SENDING = ("console", "locmem", "dummy", "filebased")


def mail_deploy_check() -> list[checks.CheckMessage]:
    """`check --deploy` warns when e-mail would be printed or kept, never sent."""
    problems: list[checks.CheckMessage] = []
    backend = settings.EMAIL_BACKEND
    parts = backend.split(".")
    if len(parts) > 1 and parts[-2] in NOT_SENDING:
        problems.append(
            checks.Warning(
                f"EMAIL_BACKEND={backend}: e-mail is not sent.",
                hint="Use django.core.mail.backends.smtp.EmailBackend with EMAIL_HOST.",
                id="motcua.mail.W001",
            )
        )
    if settings.DEFAULT_FROM_EMAIL.endswith("@localhost"):
        problems.append(
            checks.Warning(
                f"DEFAULT_FROM_EMAIL={settings.DEFAULT_FROM_EMAIL}: mail servers reject or "
                "file as spam messages from a local address.",
                hint="Set DEFAULT_FROM_EMAIL to an address of the agency's domain.",
                id="motcua.mail.W002",
            )
        )
    return problems
