"""The Zalo OA adapter, against a local stand-in of Zalo's ZNS endpoint."""

import pytest
from django.test import override_settings

from accounts.models import User
from core_school.notifications.channels.base import DeliveryError, OutgoingMessage
from core_school.notifications.channels.zalo import ZaloChannel
from tests.fakes.zalo import FakeZalo, fake_zalo

MESSAGE = OutgoingMessage(
    key="0b7c9a3e-2f8e-4a51-9d0e-6d3c1e2f4a5b",
    kind="absence",
    title="Nguyễn Văn An: Vắng không phép",
    body="Buổi sáng 02/12/2026.",
    url="https://caugiay.truongso.vn/family/12/#attendance",
    school_name="THCS Cầu Giấy",
)


def _settings(fake: FakeZalo) -> override_settings:
    return override_settings(
        ZALO_ZNS_URL=fake.url, ZALO_ACCESS_TOKEN=fake.token, ZALO_TEMPLATE_ID=fake.template_id
    )


def test_sends_a_template_message_to_the_phone_with_the_key_as_tracking_id() -> None:
    user = User(phone="0912 345 678")
    with fake_zalo() as fake, _settings(fake):
        reference = ZaloChannel().send(user, MESSAGE)
    (payload,) = fake.requests
    assert payload["phone"] == "84912345678"
    assert payload["tracking_id"] == MESSAGE.key
    assert payload["template_data"] == {
        "school": "THCS Cầu Giấy",
        "title": "Nguyễn Văn An: Vắng không phép",
        "content": "Buổi sáng 02/12/2026.",
        "link": MESSAGE.url,
    }
    assert reference == fake.delivered[MESSAGE.key]["msg_id"]


def test_a_resend_with_the_same_key_is_not_delivered_twice() -> None:
    user = User(phone="0912345678")
    with fake_zalo() as fake, _settings(fake):
        first = ZaloChannel().send(user, MESSAGE)
        second = ZaloChannel().send(user, MESSAGE)
    assert first == second
    assert len(fake.requests) == 2
    assert len(fake.delivered) == 1


@pytest.mark.parametrize(("code", "permanent"), [(-118, True), (-108, True), (-32, False)])
def test_zalo_errors_are_permanent_for_the_recipient_and_retryable_otherwise(
    code: int, permanent: bool
) -> None:
    with fake_zalo(fail_with=code) as fake, _settings(fake), pytest.raises(DeliveryError) as caught:
        ZaloChannel().send(User(phone="0912345678"), MESSAGE)
    assert caught.value.permanent is permanent
    assert str(code) in caught.value.reason


def test_a_wrong_token_or_an_unreachable_zalo_is_retried() -> None:
    expired = override_settings(ZALO_ACCESS_TOKEN="expired")
    with fake_zalo() as fake, _settings(fake), expired, pytest.raises(DeliveryError) as caught:
        ZaloChannel().send(User(phone="0912345678"), MESSAGE)
    assert not caught.value.permanent
    with (
        override_settings(
            ZALO_ZNS_URL="http://127.0.0.1:9/", ZALO_ACCESS_TOKEN="t", ZALO_TEMPLATE_ID="1"
        ),
        pytest.raises(DeliveryError, match="unreachable"),
    ):
        ZaloChannel().send(User(phone="0912345678"), MESSAGE)


def test_a_phone_that_is_not_vietnamese_is_refused_without_calling_zalo() -> None:
    with fake_zalo() as fake, _settings(fake), pytest.raises(DeliveryError) as caught:
        ZaloChannel().send(User(phone="12345"), MESSAGE)
    assert caught.value.permanent
    assert fake.requests == []
