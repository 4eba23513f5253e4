"""The Zalo ZNS simulator: accepted messages are recorded in `SimulatedZaloMessage`, not sent.

Set MOTCUA_ZALO_SIMULATE_ERROR to one of Zalo's error numbers (e.g. -124) and every message is
refused the way the real endpoint refuses it; leave it at 0 and every message is accepted.
"""

import uuid

from django.conf import settings

from motcua.integrations.zalo.client import ZaloError, ZnsSender, zalo_phone
from motcua.integrations.zalo.models import SimulatedZaloMessage

# A few of Zalo's documented ZNS error numbers, with the text its API returns.
ERRORS = {
    -108: "Phone number is invalid",
    -109: "ID of ZNS template is invalid",
    -118: "Zalo account does not exist or is disabled",
    -124: "Access token invalid",
    -137: "ZNS quota exhausted",
}


class SimulatorZaloProvider(ZnsSender):
    """The Zalo channel's provider that records each accepted message in the database."""

    def send_template(self, *, phone: str, data: dict[str, str], tracking_id: str) -> str:
        code = int(getattr(settings, "MOTCUA_ZALO_SIMULATE_ERROR", 0) or 0)
        if code:
            raise ZaloError(f"Zalo error {code}: {ERRORS.get(code, 'Unknown error')}", code=code)
        message = SimulatedZaloMessage.objects.create(
            phone=zalo_phone(phone),
            template_id=getattr(settings, "MOTCUA_ZALO_TEMPLATE_ID", "") or "simulator",
            data=data,
            tracking_id=tracking_id,
            msg_id=uuid.uuid4().hex,
        )
        return message.msg_id
