"""Sending Zalo ZNS (Zalo Notification Service) messages: the HTTP client, and `zalo_provider()`
that picks it or the simulator.

The contract, as Zalo documents it for an Official Account (developers.zalo.me, "Gửi thông báo
ZNS"), and the assumptions MotCua makes where the documentation leaves room:

    POST {MOTCUA_ZALO_URL}        default https://business.openapi.zalo.me/message/template
    Content-Type: application/json
    access_token: <MOTCUA_ZALO_TOKEN>      (the OA access token, sent as a header)
    {"phone": "84912345678", "template_id": "<MOTCUA_ZALO_TEMPLATE_ID>",
     "template_data": {"ma_ho_so": "<dossier code>", "noi_dung": "<text>"},
     "tracking_id": "<our reference>"}

    200 {"error": 0, "message": "Success", "data": {"msg_id": "…", "sent_time": "…"}}
    200 {"error": -124, "message": "Access token invalid"}     (errors also come back as 200)

- The phone is sent as 84xxxxxxxxx, without "+".
- The OA registers one approved template with two parameters, `ma_ho_so` and `noi_dung`; Zalo
  limits parameter lengths, so `noi_dung` is cut at `TEXT_LIMIT` characters.
- The access token is refreshed outside MotCua (it lives about 25 hours); an expired one shows up
  as error -124 on every message until the setting is renewed.
- "error": 0 means Zalo accepted the message, not that the phone received it; delivery is reported
  later by a webhook (`user_received_message`), which MotCua does not receive yet.
"""

import json
import logging
import urllib.error
import urllib.request
from abc import ABC, abstractmethod
from typing import Any

from django.conf import settings

from motcua.integrations.channels import ChannelProvider, DeliveryError, OutgoingMessage, Receipt

log = logging.getLogger(__name__)

DEFAULT_URL = "https://business.openapi.zalo.me/message/template"
TEXT_LIMIT = 400
TRACKING_ID_LIMIT = 48  # Zalo's limit on tracking_id
MODES = ("simulator", "http")


class ZaloError(DeliveryError):
    """Zalo did not accept the message; `code` is Zalo's error number when it gave one."""

    def __init__(self, message: str, *, code: int | None = None) -> None:
        super().__init__(message)
        self.code = code


def zalo_phone(phone: str) -> str:
    """+84912345678 or 0912345678 → 84912345678, the form ZNS expects."""
    digits = phone.strip().lstrip("+")
    return "84" + digits[1:] if digits.startswith("0") else digits


def template_data(*, reference: str, text: str) -> dict[str, str]:
    """The parameters of MotCua's registered template."""
    if len(text) > TEXT_LIMIT:
        text = text[: TEXT_LIMIT - 1] + "…"
    return {"ma_ho_so": reference, "noi_dung": text}


class ZnsSender(ABC):
    """What the real client and the simulator share: a channel message becomes MotCua's template."""

    def send(self, message: OutgoingMessage) -> Receipt:
        msg_id = self.send_template(
            phone=message.destination,
            data=template_data(reference=message.reference, text=message.text),
            tracking_id=message.reference[:TRACKING_ID_LIMIT],
        )
        return Receipt(message_id=msg_id)

    @abstractmethod
    def send_template(self, *, phone: str, data: dict[str, str], tracking_id: str) -> str:
        """Send the configured template to `phone`; return Zalo's msg_id or raise `ZaloError`."""


class HttpZaloProvider(ZnsSender):
    """Client of the ZNS endpoint described in this module's docstring."""

    def __init__(
        self, *, url: str, access_token: str, template_id: str, timeout: float = 10.0
    ) -> None:
        if not url.startswith(("https://", "http://")):
            raise ZaloError("MOTCUA_ZALO_URL must be an http(s) URL")
        self.url = url
        self.access_token = access_token
        self.template_id = template_id
        self.timeout = timeout

    def send_template(self, *, phone: str, data: dict[str, str], tracking_id: str) -> str:
        number = zalo_phone(phone)
        body = {
            "phone": number,
            "template_id": self.template_id,
            "template_data": data,
            "tracking_id": tracking_id,
        }
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked in __init__
            self.url,
            data=json.dumps(body, ensure_ascii=False).encode(),
            method="POST",
            headers={"Content-Type": "application/json", "access_token": self.access_token},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                answer: Any = json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as exc:
            raise ZaloError(f"Zalo answered HTTP {exc.code}") from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise ZaloError(f"Zalo unreachable: {exc}") from exc
        except ValueError as exc:
            raise ZaloError("Zalo answered something other than JSON") from exc
        code = answer.get("error") if isinstance(answer, dict) else None
        if code != 0:
            message = answer.get("message", "") if isinstance(answer, dict) else ""
            raise ZaloError(f"Zalo error {code}: {message}", code=code)
        msg_id = str((answer.get("data") or {}).get("msg_id", ""))
        log.info("ZNS accepted for %s (msg_id %s)", number[:-3] + "***", msg_id)
        return msg_id


def zalo_provider() -> ChannelProvider:
    """The provider chosen by MOTCUA_ZALO_PROVIDER (`simulator` or `http`)."""
    kind = settings.MOTCUA_ZALO_PROVIDER
    if kind == "http":
        return HttpZaloProvider(
            url=settings.MOTCUA_ZALO_URL or DEFAULT_URL,
            access_token=settings.MOTCUA_ZALO_TOKEN,
            template_id=settings.MOTCUA_ZALO_TEMPLATE_ID,
        )
    if kind == "simulator":
        from motcua.integrations.zalo.simulator import SimulatorZaloProvider

        return SimulatorZaloProvider()
    raise ZaloError(f"Unknown MOTCUA_ZALO_PROVIDER: {kind}")
