"""Sending text messages through a generic HTTP gateway; `sms_provider()` picks it or the simulator.

The HTTP contract (any gateway that speaks it, or a thin adapter in front of a carrier's API):

    POST {MOTCUA_SMS_URL}
    Content-Type: application/json
    {"api_key": "<MOTCUA_SMS_API_KEY>", "to": "+84912345678", "text": "<UTF-8 text>"}

Any 2xx answer means the gateway accepted the message; anything else, or no answer within the
timeout, raises `SmsError`. Numbers are sent in E.164 form. The gateway gives no message id and
reports no delivery.
"""

import json
import logging
import urllib.error
import urllib.request

from django.conf import settings

from motcua.integrations.channels import ChannelProvider, DeliveryError, OutgoingMessage, Receipt

log = logging.getLogger(__name__)
MODES = ("simulator", "http")


class SmsError(DeliveryError):
    """The message could not be handed to the gateway."""


class HttpSmsProvider:
    """Client of the generic JSON gateway described in this module's docstring."""

    def __init__(self, *, url: str, api_key: str, timeout: float = 10.0) -> None:
        if not url.startswith(("https://", "http://")):
            raise SmsError("MOTCUA_SMS_URL must be an http(s) URL")
        self.url = url
        self.api_key = api_key
        self.timeout = timeout

    def send(self, message: OutgoingMessage) -> Receipt:
        to = message.destination
        body = json.dumps({"api_key": self.api_key, "to": to, "text": message.text}).encode()
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked in __init__
            self.url,
            data=body,
            method="POST",
            headers={"Content-Type": "application/json", "Accept": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                status = response.status
        except urllib.error.HTTPError as exc:
            raise SmsError(f"SMS gateway answered {exc.code}") from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise SmsError(f"SMS gateway unreachable: {exc}") from exc
        if not 200 <= status < 300:
            raise SmsError(f"SMS gateway answered {status}")
        log.info("SMS handed to the gateway for %s", to[:-3] + "***")
        return Receipt()


def sms_provider() -> ChannelProvider:
    """The provider chosen by MOTCUA_SMS_PROVIDER (`simulator` or `http`)."""
    kind = settings.MOTCUA_SMS_PROVIDER
    if kind == "http":
        return HttpSmsProvider(url=settings.MOTCUA_SMS_URL, api_key=settings.MOTCUA_SMS_API_KEY)
    if kind == "simulator":
        from motcua.integrations.sms.simulator import SimulatorSmsProvider

        return SimulatorSmsProvider()
    raise SmsError(f"Unknown MOTCUA_SMS_PROVIDER: {kind}")
