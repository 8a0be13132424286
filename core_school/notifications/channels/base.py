"""What every outside channel implements. Adapters take plain values, never model instances
from another schema, and raise DeliveryError on failure."""

from dataclasses import dataclass
from typing import Protocol

from accounts.models import User


@dataclass(frozen=True)
class OutgoingMessage:
    """One notification as a channel sends it.

    `key` is the delivery's idempotency key (a UUID string, the same on every retry of the same
    delivery): adapters pass it to the provider wherever the provider takes one (Zalo's
    tracking_id, the web push Topic, an SMS gateway's request id, the e-mail Message-ID).
    `url` is absolute (https://<school host>/...).
    """

    key: str
    kind: str
    title: str
    body: str
    url: str
    school_name: str


class DeliveryError(Exception):
    """The provider refused or could not be reached. `permanent` errors are not retried."""

    def __init__(self, reason: str, *, permanent: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent


class ChannelAdapter(Protocol):
    name: str

    def reaches(self, user: User) -> bool:
        """Whether the user has an address on this channel (an e-mail, a phone, a push
        subscription). Cheap: called once per recipient when notifications are written."""

    def send(self, user: User, message: OutgoingMessage) -> str:
        """Send one message; return the provider's reference. Raise DeliveryError."""
