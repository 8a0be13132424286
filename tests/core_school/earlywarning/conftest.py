"""Early-warning fixtures: the demo homeroom teacher of 6A1 (THCS Cầu Giấy), a pupil of her
class with a clean slate (no absence, note or flag), and helpers that write what the rules
read through the real services."""

import datetime
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.utils import timezone, translation

from core_school.academics.models import Enrolment, SchoolClass
from core_school.attendance import services as attendance_services
from core_school.attendance.models import Absence, BehaviourNote
from core_school.earlywarning.models import EarlyWarningFlag
from core_school.people.access import Actor
from tenants.models import School
from tests.console.conftest import console_as  # noqa: F401 - fixture
from tests.core_school.conftest import actor


@pytest.fixture
def homeroom(in_school_a: School) -> Actor:
    """gvcn, the homeroom teacher (GVCN) of 6A1."""
    return actor("gvcn")


@pytest.fixture
def own_class(homeroom: Actor) -> SchoolClass:
    return SchoolClass.objects.select_related("school_year").get(
        pk=next(iter(homeroom.homeroom_class_ids))
    )


@pytest.fixture
def other_homeroom(own_class: SchoolClass) -> Actor:
    """The homeroom teacher of another class of the current year."""
    other = (
        SchoolClass.objects.filter(
            school_year__is_current=True, homeroom_teacher__user__isnull=False
        )
        .exclude(pk=own_class.pk)
        .exclude(homeroom_teacher=own_class.homeroom_teacher)
        .select_related("homeroom_teacher__user")
        .first()
    )
    return actor(other.homeroom_teacher.user.username)


def clean_slate(pupil_id: int) -> int:
    """Forget the pupil's absences, notes and flags (the demo's random ones)."""
    Absence.objects.filter(pupil_id=pupil_id).delete()
    BehaviourNote.objects.filter(pupil_id=pupil_id).delete()
    EarlyWarningFlag.objects.filter(pupil_id=pupil_id).delete()
    return pupil_id


@pytest.fixture
def pupil(own_class: SchoolClass) -> int:
    """A pupil of 6A1 with no absence, note or flag."""
    pupil_id = (
        Enrolment.objects.filter(school_class=own_class, ends_on__isnull=True)
        .order_by("pupil_id")
        .values_list("pupil_id", flat=True)[2]
    )
    return clean_slate(pupil_id)


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


AbsentFn = Callable[..., None]


@pytest.fixture
def absent(own_class: SchoolClass, homeroom: Actor, pupil: int) -> AbsentFn:
    """absent(days_ago, status="unexcused"): the pupil missed that morning (the register is
    taken again with only them marked)."""

    def mark(days: int, status: str = Absence.Status.UNEXCUSED) -> None:
        attendance_services.register_take(
            school_class=own_class,
            date=days_ago(days),
            session="am",
            absences=[attendance_services.AbsenceEntry(pupil_id=pupil, status=status)],
            actor=homeroom,
        )

    return mark


NoteFn = Callable[..., BehaviourNote]


@pytest.fixture
def note(own_class: SchoolClass, homeroom: Actor, pupil: int) -> NoteFn:
    """note(kind="incident", days_ago=0): a behaviour note written that many days ago."""

    def write(kind: str = BehaviourNote.Kind.INCIDENT, days: int = 0) -> BehaviourNote:
        written = attendance_services.behaviour_note_create(
            school_class=own_class,
            pupil_id=pupil,
            kind=kind,
            text="Nói chuyện riêng",
            actor=homeroom,
        )
        if days:
            # NOTE: created_at is set on insert; an older note is dated back here.
            BehaviourNote.objects.filter(pk=written.pk).update(
                created_at=timezone.now() - datetime.timedelta(days=days)
            )
        return written

    return write


@pytest.fixture(autouse=True)
def _english(settings: Any) -> Iterator[None]:
    """These tests read the English reasons; the platform's default language is Vietnamese."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
