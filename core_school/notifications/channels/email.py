"""E-mail through Django's mail backend (EMAIL_URL)."""

from django.conf import settings
from django.core.mail import EmailMessage

from accounts.models import User
from core_school.notifications.channels.base import DeliveryError, OutgoingMessage


class EmailChannel:
    name = "email"

    def reaches(self, user: User) -> bool:
        return bool(user.email)

    def send(self, user: User, message: OutgoingMessage) -> str:
        if not user.email:
            raise DeliveryError("no e-mail address", permanent=True)
        # The Message-ID is the delivery's key: a resent copy is the same message to the
        # receiving servers and clients that drop duplicates.
        message_id = f"<{message.key}@{settings.PLATFORM_DOMAIN}>"
        email = EmailMessage(
            subject=f"[{message.school_name}] {message.title}",
            body=f"{message.body}\n\n{message.url}".strip(),
            to=[user.email],
            headers={"Message-ID": message_id},
        )
        try:
            email.send()
        except Exception as error:  # smtplib and socket errors: the sweeper retries
            raise DeliveryError(f"e-mail not sent: {error}") from error
        return message_id
