"""One interface for every channel: `send(destination, text) -> ProviderResult`.

E-mail goes through Django's mail backend, SMS through `integrations.sms`, Zalo through
`integrations.zalo`; each of the last two is a real HTTP client or a simulator by setting.
A provider raises when the message was not accepted; the caller records the error and retries.
"""

from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.message import make_msgid

from motcua.integrations.sms.client import sms_provider
from motcua.integrations.zalo.client import template_data, zalo_provider
from motcua.notify.constants import DeliveryStatus, NotifyChannel


@dataclass(frozen=True)
class ProviderResult:
    message_id: str  # the provider's id for the message ('' when it gives none)
    status: str  # DeliveryStatus.SENT, or DELIVERED when the provider knows at once


class Provider(Protocol):
    def send(self, destination: str, text: str, *, reference: str = "") -> ProviderResult:
        """Hand `text` to the provider for `destination`; `reference` names the dossier."""


class EmailProvider:
    def send(self, destination: str, text: str, *, reference: str = "") -> ProviderResult:
        sender = settings.DEFAULT_FROM_EMAIL
        # Our own Message-ID, so a bounce can be matched to the row (and no DNS lookup is made).
        message_id = make_msgid(domain=sender.rpartition("@")[2] or "localhost")
        subject = f"[Một cửa] Hồ sơ {reference}" if reference else "[Một cửa] Thông báo"
        EmailMessage(
            subject, text, sender, [destination], headers={"Message-ID": message_id}
        ).send()
        return ProviderResult(message_id=message_id, status=DeliveryStatus.SENT)


class SmsProvider:
    def send(self, destination: str, text: str, *, reference: str = "") -> ProviderResult:
        sms_provider().send(to=destination, text=text)
        return ProviderResult(message_id="", status=DeliveryStatus.SENT)


class ZaloProvider:
    def send(self, destination: str, text: str, *, reference: str = "") -> ProviderResult:
        msg_id = zalo_provider().send_template(
            phone=destination,
            data=template_data(reference=reference, text=text),
            tracking_id=reference[:48],  # Zalo's limit on tracking_id
        )
        return ProviderResult(message_id=msg_id, status=DeliveryStatus.SENT)


PROVIDERS: dict[str, Provider] = {
    NotifyChannel.EMAIL: EmailProvider(),
    NotifyChannel.SMS: SmsProvider(),
    NotifyChannel.ZALO: ZaloProvider(),
}


def provider_for(channel: str) -> Provider:
    return PROVIDERS[channel]
