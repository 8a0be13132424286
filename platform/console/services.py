"""Writes of the operators' console: operator API tokens and export requests.
Runs in the public schema."""

import hashlib
import secrets
from dataclasses import dataclass

from django.db import transaction

from accounts.models import User
from console.models import OperatorToken
from tenants import tasks as tenant_tasks
from tenants.models import School

TOKEN_PREFIX = "tso_"  # noqa: S105 - a visible prefix of every key, not a secret


def operator_token_hash(key: str) -> str:
    """The SHA-256 of a key, as stored. The keys are 256 random bits: a fast hash suffices."""
    return hashlib.sha256(key.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    """A newly issued token: `key` is shown once and never stored."""

    token: OperatorToken
    key: str


@transaction.atomic
def operator_token_issue(*, user: User) -> IssuedToken:
    """Issue an API token for `user`, replacing any previous one (which stops working)."""
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    OperatorToken.objects.filter(user=user).delete()
    token = OperatorToken.objects.create(
        user=user, key_hash=operator_token_hash(key), prefix=key[: len(TOKEN_PREFIX) + 6]
    )
    return IssuedToken(token=token, key=key)


@transaction.atomic
def operator_token_revoke(*, user: User) -> bool:
    """Revoke `user`'s API token. Whether there was one."""
    deleted, _ = OperatorToken.objects.filter(user=user).delete()
    return deleted > 0


def school_export_enqueue(*, school: School, actor: User) -> None:
    """Ask the workers for an export of the school (tenants.tasks.school_export_task).

    The archive appears in the school's list of exports when the task has written it.
    """
    school_id, actor_id = school.pk, actor.pk
    transaction.on_commit(lambda: tenant_tasks.school_export_task.delay(school_id, actor_id))
