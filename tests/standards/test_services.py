"""Drafts, validation messages, publication and immutability of the standards."""

import copy

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import User
from standards import schema, services
from standards.models import StandardVersion
from tests.standards.helpers import subject_of

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def operator(db: None) -> User:
    return User.objects.get(username="so.hanoi")


def test_a_draft_copies_the_newest_published_version_and_is_numbered_after_it(
    operator: User,
) -> None:
    draft = services.draft_create(actor=operator, notes="Thử")
    assert draft.number == 2
    assert draft.status == StandardVersion.Status.DRAFT
    assert draft.content == StandardVersion.objects.get(number=1).content
    assert draft.created_by == operator


def test_only_one_draft_at_a_time(operator: User) -> None:
    services.draft_create(actor=operator)
    with pytest.raises(ValidationError, match="A draft already exists"):
        services.draft_create(actor=operator)


def test_invalid_content_names_every_field_and_why_and_changes_nothing(operator: User) -> None:
    # given
    draft = services.draft_create(actor=operator)
    content = copy.deepcopy(draft.content)
    subject_of(content, "TOAN")["periods"]["7"] = 0
    subject_of(content, "CN")["mode"] = "graded"
    del subject_of(content, "TIN")["names"]["fr"]
    content["grading"]["adjustment_mode"] = "sometimes"
    content["data_dictionary"]["pupil"][0]["pattern"] = "[0-9"
    content["data_dictionary"]["staff"].append({"field": "salary", "required": True})
    content["subjects"].append(dict(subject_of(content, "AN")))
    # when
    with pytest.raises(ValidationError) as caught:
        services.draft_update(version=draft, content=content, actor=operator)
    # then: each problem, with where and why
    messages = caught.value.messages
    assert "subjects[0].periods.7: must be a whole number of periods between 1 and 400" in messages
    assert "subjects[6].mode: must be “scored” or “comment”" in messages
    assert "subjects[7].names.fr: the name in this language is missing" in messages
    assert "grading.adjustment_mode: must be one of “removal”, “replacement”" in messages
    assert any(
        m.startswith("data_dictionary.pupil[0].pattern: is not a valid regular") for m in messages
    )
    assert any(
        m.startswith("data_dictionary.staff[5].field: must be one of staff_code") for m in messages
    )
    assert "subjects[13].code: AN appears twice" in messages
    draft.refresh_from_db()
    assert draft.content == StandardVersion.objects.get(number=1).content


def test_missing_and_unknown_parts_are_named() -> None:
    problems = [str(p) for p in schema.content_problems({"subjects": [], "colours": {}})]
    assert "grading: is missing" in problems
    assert "colours: is not a part of a standard" in problems
    assert "subjects: must be a non-empty list of subjects" in problems


def test_publish_makes_the_version_current_and_read_only(operator: User) -> None:
    # given
    draft = services.draft_create(actor=operator)
    content = copy.deepcopy(draft.content)
    content["grading"]["adjustment_mode"] = "replacement"
    services.draft_update(version=draft, content=content, notes="HK I", actor=operator)
    # when
    published = services.version_publish(version=draft, actor=operator)
    # then
    assert published.is_published
    assert published.published_by == operator
    assert published.published_at is not None
    with pytest.raises(ValidationError, match="is published"):
        services.draft_update(version=published, content=content, actor=operator)
    with pytest.raises(ValidationError, match="is published"):
        services.version_publish(version=published, actor=operator)


def test_the_database_refuses_to_change_or_delete_a_published_version(db: None) -> None:
    with pytest.raises(IntegrityError, match="published"), transaction.atomic():
        StandardVersion.objects.filter(number=1).update(notes="changed")
    with pytest.raises(IntegrityError, match="published"), transaction.atomic():
        StandardVersion.objects.filter(number=1).delete()
    assert StandardVersion.objects.get(number=1).notes.startswith("The national standard")
