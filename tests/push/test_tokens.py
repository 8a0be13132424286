"""The push token: school + user + expiry, signed by Django; anything else is refused."""

import time
from types import SimpleNamespace

import pytest
from django.core import signing

from push import tokens
from push.tokens import PushTokenError, push_token, push_token_claims, push_token_verify


def test_push_token_verify_returns_the_school_and_user() -> None:
    # given
    token = push_token("school_caugiay", 42)
    # when
    found = push_token_verify(token)
    # then
    assert found == ("school_caugiay", 42)


def test_push_token_claims_expire_after_the_token_lifetime() -> None:
    # given
    before = int(time.time())
    # when
    claims = push_token_claims(push_token("school_caugiay", 42))
    after = int(time.time())
    # then
    assert before + tokens.TOKEN_SECONDS <= claims.expires <= after + tokens.TOKEN_SECONDS


def test_push_token_verify_refuses_an_expired_token(monkeypatch: pytest.MonkeyPatch) -> None:
    # given
    token = push_token("school_caugiay", 42)
    later = time.time() + tokens.TOKEN_SECONDS + 1
    monkeypatch.setattr(tokens, "time", SimpleNamespace(time=lambda: later))
    # when / then
    with pytest.raises(PushTokenError, match="expired"):
        push_token_verify(token)


def _tampered(token: str) -> str:
    """The same token with the user id in its payload changed (42 -> 43)."""
    payload, _, signature = token.partition(":")
    data = signing.b64_decode(payload.encode()).replace(b'"u":42', b'"u":43')
    return signing.b64_encode(data).decode() + ":" + signature


@pytest.mark.parametrize(
    "make",
    [
        lambda: "",
        lambda: "not-a-token",
        lambda: _tampered(push_token("school_caugiay", 42)),
        lambda: push_token("school_caugiay", 42)[:-2] + "xx",
        # signed with another key, or for another purpose (salt) of this platform
        lambda: signing.dumps({"s": "school_caugiay", "u": 42, "x": 2**40}, salt="push", key="k"),
        lambda: signing.dumps({"s": "school_caugiay", "u": 42, "x": 2**40}, salt="other"),
        # well signed but not of the agreed shape
        lambda: signing.dumps({"s": "school_caugiay", "u": "42", "x": 2**40}, salt="push"),
        lambda: signing.dumps({"s": "", "u": 42, "x": 2**40}, salt="push"),
        lambda: signing.dumps(["school_caugiay", 42], salt="push"),
    ],
    ids=[
        "empty",
        "garbage",
        "payload-changed",
        "signature-changed",
        "other-key",
        "other-salt",
        "user-not-int",
        "no-school",
        "not-a-dict",
    ],
)
def test_push_token_verify_refuses_a_forged_token(make: object) -> None:
    # when / then
    with pytest.raises(PushTokenError):
        push_token_verify(make())  # type: ignore[operator]
