"""The SMS simulator: messages are recorded in the `SimulatedSms` table instead of being sent.

Developers read them in the admin (Tin nhắn SMS › Tin nhắn SMS mô phỏng) or with
`manage.py simulated_sms`; tests read them from the table.
"""

from motcua.integrations.channels import OutgoingMessage, Receipt
from motcua.integrations.sms.models import SimulatedSms


class SimulatorSmsProvider:
    """The SMS channel's provider that records each message in the database."""

    def send(self, message: OutgoingMessage) -> Receipt:
        SimulatedSms.objects.create(to=message.destination, text=message.text)
        return Receipt()


def simulated_messages_to(to: str) -> list[str]:
    """Texts recorded for one number, newest first."""
    return list(SimulatedSms.objects.filter(to=to).values_list("text", flat=True))
