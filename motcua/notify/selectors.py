"""Who hears a message, and on which channels."""

import re
from dataclasses import dataclass
from typing import Any, Protocol

from motcua.notify.constants import NotifyChannel
from motcua.notify.models import NotificationPreference

_SEPARATORS = re.compile(r"[\s.\-()]")


class Person(Protocol):
    """A person with an account (an `accounts.User`), as far as notify needs to know them."""

    pk: Any
    email: str
    phone: str


@dataclass(frozen=True)
class Recipient:
    channel: str
    destination: str
    user: Person | None = None


def phone_e164(phone: str) -> str:
    """0912 345 678, 84912345678 or +84912345678 → +84912345678 ('' stays '')."""
    digits = _SEPARATORS.sub("", phone)
    if digits.startswith("0"):
        return "+84" + digits[1:]
    if digits.startswith("84"):
        return "+" + digits
    return digits


def preference_of(user: Person) -> NotificationPreference:
    """The saved preference, or the default (e-mail and SMS) unsaved."""
    saved = NotificationPreference.objects.filter(user_id=user.pk).first()
    return saved or NotificationPreference(user_id=user.pk)


def person_recipients(*, account: Person | None, email: str, phone: str) -> list[Recipient]:
    """One recipient per channel: the account's choice when there is an account, else e-mail and
    SMS to whatever contacts were given (an applicant served at the counter)."""
    if account is None:
        wanted = {NotifyChannel.EMAIL, NotifyChannel.SMS}
    else:
        preference = preference_of(account)
        wanted = {channel for channel in NotifyChannel if preference.wants(channel)}
        # The account's own (verified at sign-up) contacts first.
        email, phone = account.email or email, account.phone or phone
    recipients = []
    if NotifyChannel.EMAIL in wanted and email:
        recipients.append(Recipient(NotifyChannel.EMAIL, email.lower(), account))
    for channel in (NotifyChannel.SMS, NotifyChannel.ZALO):
        if channel in wanted and phone:
            recipients.append(Recipient(channel, phone_e164(phone), account))
    return recipients
