"""Saving gradebook cells: all or nothing, clear messages, history, a fixed query count."""

from decimal import Decimal

import pytest

from core_school.academics.models import Enrolment, SchoolClass
from core_school.assessment import services
from core_school.assessment.exceptions import (
    AssessmentPermissionError,
    MarkInputError,
    MarkSheetLockedError,
)
from core_school.assessment.models import Mark, MarkSheet
from core_school.people.access import Actor
from tests.core_school.conftest import actor


def _pupils(sheet: MarkSheet) -> list[int]:
    return list(
        Enrolment.objects.filter(school_class=sheet.school_class, ends_on__isnull=True)
        .order_by("pupil_id")
        .values_list("pupil_id", flat=True)
    )


def test_marks_save_stores_values_and_returns_the_average(sheet: MarkSheet, teacher: Actor) -> None:
    # given
    pupil = _pupils(sheet)[0]
    entries = [
        services.MarkEntry(pupil, "tx1", "8"),
        services.MarkEntry(pupil, "tx2", "7,5"),
        services.MarkEntry(pupil, "tx3", "9"),
        services.MarkEntry(pupil, "tx4", "6"),
        services.MarkEntry(pupil, "gk", "7"),
        services.MarkEntry(pupil, "ck", "8.5"),
    ]
    # when
    rows = services.marks_save(sheet=sheet, entries=entries, actor=teacher)
    # then: TV-01, (30.5 + 14 + 25.5) / 9 = 7.777… → 7.8
    assert rows[0].result == "7.8"
    assert rows[0].cells["tx2"] == "7.5"
    assert Mark.objects.get(sheet=sheet, pupil_id=pupil, kind="tx", index=2).score == Decimal("7.5")


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("11", "11"),
        ("7.55", "7.55"),
        ("abc", "abc"),
        ("-1", "-1"),
    ],
)
def test_marks_save_rejects_a_bad_value_and_saves_nothing(
    sheet: MarkSheet, teacher: Actor, value: str, why: str
) -> None:
    # given
    first, second = _pupils(sheet)[:2]
    before = list(Mark.objects.filter(sheet=sheet).values_list("pk", "score"))
    # when
    with pytest.raises(MarkInputError) as raised:
        services.marks_save(
            sheet=sheet,
            entries=[
                services.MarkEntry(first, "tx1", "9"),
                services.MarkEntry(second, "gk", value),
            ],
            actor=teacher,
        )
    # then
    error = raised.value.extra["errors"][0]
    assert error["pupil_id"] == second
    assert error["column"] == "gk"
    assert why in error["message"]
    assert list(Mark.objects.filter(sheet=sheet).values_list("pk", "score")) == before


def test_marks_save_rejects_a_pupil_of_another_class(sheet: MarkSheet, teacher: Actor) -> None:
    other_class = (
        SchoolClass.objects.filter(school_year=sheet.school_class.school_year)
        .exclude(pk=sheet.school_class_id)
        .first()
    )
    stranger = Enrolment.objects.filter(school_class=other_class).first().pupil_id
    with pytest.raises(MarkInputError) as raised:
        services.marks_save(
            sheet=sheet, entries=[services.MarkEntry(stranger, "tx1", "5")], actor=teacher
        )
    assert sheet.school_class.name in raised.value.extra["errors"][0]["message"]


def test_marks_save_records_who_changed_what_and_why(sheet: MarkSheet, teacher: Actor) -> None:
    # given
    pupil = _pupils(sheet)[0]
    services.marks_save(sheet=sheet, entries=[services.MarkEntry(pupil, "tx1", "6")], actor=teacher)
    # when
    services.marks_save(sheet=sheet, entries=[services.MarkEntry(pupil, "tx1", "7")], actor=teacher)
    # then
    events = list(
        Mark.pgh_event_model.objects.filter(sheet_id=sheet.pk, pupil_id=pupil, kind="tx", index=1)
        .select_related("pgh_context")
        .order_by("pgh_id")
    )
    assert [e.score for e in events[-2:]] == [Decimal("6.0"), Decimal("7.0")]
    assert events[-1].pgh_context.metadata["user"] == teacher.user.pk
    assert events[-1].pgh_context.metadata["reason"] == "gradebook"


def test_only_the_assigned_teacher_enters_marks(sheet: MarkSheet, principal: Actor) -> None:
    pupil = _pupils(sheet)[0]
    with pytest.raises(AssessmentPermissionError):
        services.marks_save(
            sheet=sheet, entries=[services.MarkEntry(pupil, "tx1", "5")], actor=principal
        )


def test_a_closed_term_refuses_changes(sheet: MarkSheet, teacher: Actor) -> None:
    sheet.term.is_closed = True
    sheet.term.save()
    with pytest.raises(MarkSheetLockedError):
        services.marks_save(
            sheet=sheet, entries=[services.MarkEntry(_pupils(sheet)[0], "tx1", "5")], actor=teacher
        )


def _full_sheet(sheet: MarkSheet, value: str) -> list[services.MarkEntry]:
    columns = ["tx1", "tx2", "tx3", "tx4", "gk", "ck"]
    return [services.MarkEntry(p, c, value) for p in _pupils(sheet) for c in columns]


def test_saving_a_whole_sheet_takes_a_fixed_number_of_queries(
    sheet: MarkSheet, teacher: Actor, django_assert_num_queries: object
) -> None:
    # given: one pupil's row, then the whole class (40–45 pupils × 6 columns); both mix new
    # cells (tx3, tx4, ck) with changed ones (tx1, tx2, gk)
    pupils = _pupils(sheet)
    whole_sheet = _full_sheet(sheet, "6,5")
    one_row = [e for e in whole_sheet if e.pupil_id == pupils[0]]
    # when / then: the same count for both (django-tenants adds a search_path SET per cursor)
    with django_assert_num_queries(9):  # type: ignore[operator]
        services.marks_save(sheet=sheet, entries=one_row, actor=teacher)
    with django_assert_num_queries(9):  # type: ignore[operator]
        services.marks_save(sheet=sheet, entries=whole_sheet, actor=teacher)
    assert Mark.objects.filter(sheet=sheet, score=Decimal("6.5")).count() == len(pupils) * 6


def test_other_teacher_cannot_touch_the_sheet(sheet: MarkSheet) -> None:
    other = actor("gvcn")
    with pytest.raises(AssessmentPermissionError):
        services.marks_save(
            sheet=sheet, entries=[services.MarkEntry(_pupils(sheet)[0], "tx1", "5")], actor=other
        )
