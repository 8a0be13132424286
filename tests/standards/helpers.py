"""Helpers for the standards tests: a published version built from version 1."""

import copy
from collections.abc import Callable
from typing import Any

from django_tenants.utils import get_public_schema_name, schema_context

from accounts.models import User
from standards import services
from standards.models import StandardVersion

Change = Callable[[dict[str, Any]], None]


def subject_of(content: dict[str, Any], code: str) -> dict[str, Any]:
    return next(s for s in content["subjects"] if s["code"] == code)


def version_publish_with(change: Change, *, actor: User | None = None) -> StandardVersion:
    """Draft the next version from the newest published one, change it, publish it (in the
    public schema, whatever schema the caller is on)."""
    with schema_context(get_public_schema_name()):
        actor = actor or User.objects.get(username="so.hanoi")
        draft = services.draft_create(actor=actor)
        content = copy.deepcopy(draft.content)
        change(content)
        services.draft_update(version=draft, content=content, actor=actor)
        return services.version_publish(version=draft, actor=actor)
