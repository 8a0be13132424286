"""Changes to the standards: draft, edit, publish. Public schema; one transaction each.

A published version never changes again. Only operators and superusers call these (the pages
and the API check it first); every refusal is a ValidationError saying why.
"""

import copy
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from standards import schema
from standards.models import StandardVersion


def content_check(content: object) -> None:
    """ValidationError listing every problem of `content` ("where: why"), or nothing."""
    problems = schema.content_problems(content)
    if problems:
        raise ValidationError([str(problem) for problem in problems], code="invalid_content")


@transaction.atomic
def draft_create(*, actor: User, notes: str = "") -> StandardVersion:
    """A new draft, numbered after the newest version, copying the newest published content.
    Refused while another draft exists (finish or publish it first)."""
    if (
        StandardVersion.objects.select_for_update()
        .filter(status=StandardVersion.Status.DRAFT)
        .exists()
    ):
        raise ValidationError(
            _("A draft already exists: edit or publish it before starting another."),
            code="draft_exists",
        )
    latest = StandardVersion.objects.filter(status=StandardVersion.Status.PUBLISHED).first()
    if latest is None:
        raise ValidationError(_("There is no published version to start from."), code="none")
    number = (StandardVersion.objects.aggregate(n=Max("number"))["n"] or 0) + 1
    return StandardVersion.objects.create(
        number=number,
        status=StandardVersion.Status.DRAFT,
        content=copy.deepcopy(latest.content),
        notes=notes,
        created_by=actor,
    )


def _draft_locked(version: StandardVersion) -> StandardVersion:
    locked = StandardVersion.objects.select_for_update().get(pk=version.pk)
    if locked.status != StandardVersion.Status.DRAFT:
        raise ValidationError(
            _("Version %(number)s is published: it can no longer change.")
            % {"number": locked.number},
            code="published",
        )
    return locked


@transaction.atomic
def draft_update(
    *, version: StandardVersion, content: Any, notes: str | None = None, actor: User
) -> StandardVersion:
    """Replace a draft's content (and notes). Refused, with every problem named, when the
    content does not follow the schema; refused for a published version."""
    locked = _draft_locked(version)
    content_check(content)
    locked.content = content
    fields = ["content"]
    if notes is not None:
        locked.notes = notes
        fields.append("notes")
    locked.save(update_fields=fields)
    return locked


@transaction.atomic
def version_publish(*, version: StandardVersion, actor: User) -> StandardVersion:
    """Publish a draft: from now on it is read-only and schools may adopt it."""
    locked = _draft_locked(version)
    content_check(locked.content)
    locked.status = StandardVersion.Status.PUBLISHED
    locked.published_at = timezone.now()
    locked.published_by = actor
    locked.save(update_fields=["status", "published_at", "published_by"])
    return locked
