"""What a message channel's provider (SMS gateway, Zalo, e-mail) offers `motcua.notify`.

Every provider, real or simulated, is one class with one method, `send(message) -> Receipt`, and
raises when the message was not accepted; notify records the error and the outbox retries.
"""

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class OutgoingMessage:
    destination: str  # an e-mail address, or a phone number in E.164 form (+84912345678)
    text: str
    subject: str = ""  # e-mail only
    reference: str = ""  # our reference (a dossier code) for providers that carry one


@dataclass(frozen=True)
class Receipt:
    message_id: str = ""  # the provider's id for the message ('' when it gives none)
    delivered: bool = False  # the provider knows at once that the message arrived


class DeliveryError(Exception):
    """The provider did not accept the message."""


class ChannelProvider(Protocol):
    def send(self, message: OutgoingMessage) -> Receipt:
        """Hand `message` to the provider; raise when it was not accepted."""
        ...
