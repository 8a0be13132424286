"""SMS, the last resort (it costs the school money): through `config.sms` and its backend."""

from accounts.models import User
from config import sms
from core_school.notifications.channels.base import DeliveryError, OutgoingMessage

SMS_LENGTH = 160


class SmsChannel:
    name = "sms"

    def reaches(self, user: User) -> bool:
        return bool(user.phone)

    def send(self, user: User, message: OutgoingMessage) -> str:
        try:
            phone = sms.normalise_phone(user.phone)
        except ValueError as error:
            raise DeliveryError(str(error), permanent=True) from error
        text = f"{message.school_name}: {message.title}"
        if len(text) + len(message.url) + 1 <= SMS_LENGTH * 2:
            text = f"{text} {message.url}"
        try:
            return sms.send_sms(phone, text, key=message.key)
        except sms.SmsError as error:
            raise DeliveryError(f"SMS not sent: {error}") from error
