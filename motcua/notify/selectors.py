"""Who hears about a dossier, and on which channels."""

import re
from dataclasses import dataclass

from motcua.accounts.models import User
from motcua.dossiers.models import Dossier
from motcua.notify.constants import NotifyChannel
from motcua.notify.models import NotificationPreference

_SEPARATORS = re.compile(r"[\s.\-()]")


@dataclass(frozen=True)
class Recipient:
    channel: str
    destination: str
    user: User | None


def phone_e164(phone: str) -> str:
    """0912 345 678, 84912345678 or +84912345678 → +84912345678 ('' stays '')."""
    digits = _SEPARATORS.sub("", phone)
    if digits.startswith("0"):
        return "+84" + digits[1:]
    if digits.startswith("84"):
        return "+" + digits
    return digits


def preference_of(user: User) -> NotificationPreference:
    """The saved preference, or the default (e-mail and SMS) unsaved."""
    saved = NotificationPreference.objects.filter(user=user).first()
    return saved or NotificationPreference(user=user)


def applicant_recipients(dossier: Dossier) -> list[Recipient]:
    """One recipient per channel: the account's choice when the dossier has one, else e-mail and
    SMS to whatever the applicant gave at the counter."""
    user: User | None = dossier.citizen
    email, phone = dossier.applicant_email, dossier.applicant_phone
    if user is None:
        wanted = {NotifyChannel.EMAIL, NotifyChannel.SMS}
    else:
        preference = preference_of(user)
        wanted = {channel for channel in NotifyChannel if preference.wants(channel)}
        # The account's own (verified at sign-up) contacts first.
        email, phone = user.email or email, user.phone or phone
    recipients = []
    if NotifyChannel.EMAIL in wanted and email:
        recipients.append(Recipient(NotifyChannel.EMAIL, email.lower(), user))
    for channel in (NotifyChannel.SMS, NotifyChannel.ZALO):
        if channel in wanted and phone:
            recipients.append(Recipient(channel, phone_e164(phone), user))
    return recipients
