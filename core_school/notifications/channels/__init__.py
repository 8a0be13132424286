"""The outside channels, by name. Each adapter lives in its own module."""

from functools import cache
from importlib import import_module

from core_school.notifications.channels.base import ChannelAdapter

ADAPTERS = {
    "email": "core_school.notifications.channels.email:EmailChannel",
    "webpush": "core_school.notifications.channels.webpush:WebPushChannel",
    "zalo": "core_school.notifications.channels.zalo:ZaloChannel",
    "sms": "core_school.notifications.channels.sms:SmsChannel",
}


@cache
def adapter(name: str) -> ChannelAdapter:
    module, _, attribute = ADAPTERS[name].partition(":")
    return getattr(import_module(module), attribute)()
