"""The selectors behind the API narrow rows to the actor, once per role of the demo school."""

import pytest
from django.db.models import Q

from core_school.academics.models import Enrolment
from core_school.assessment import selectors as assessment_selectors
from core_school.assessment.models import MarkSheet
from core_school.people import selectors as people_selectors
from core_school.people.access import Actor
from core_school.people.models import Pupil
from tenants.models import School
from tests.core_school.conftest import actor


def _pupils_of_classes(teacher: Actor) -> set[int]:
    classes = teacher.homeroom_class_ids | {c for c, _ in teacher.teaches}
    return set(
        Enrolment.objects.filter(school_class_id__in=classes).values_list("pupil_id", flat=True)
    )


def _children(username: str) -> set[int]:
    return set(
        Pupil.objects.filter(guardianships__guardian__user__username=username).values_list(
            "pk", flat=True
        )
    )


@pytest.mark.parametrize("username", ["hieutruong", "quantri"])
def test_pupil_list_of_the_office_is_every_pupil(in_school_a: School, username: str) -> None:
    pupils = people_selectors.pupil_list_for_actor(actor=actor(username))
    assert pupils.count() == Pupil.objects.count()


@pytest.mark.parametrize("username", ["gvcn", "giaovien"])
def test_pupil_list_of_a_teacher_is_her_classes(in_school_a: School, username: str) -> None:
    teacher = actor(username)
    pupils = people_selectors.pupil_list_for_actor(actor=teacher)
    assert set(pupils.values_list("pk", flat=True)) == _pupils_of_classes(teacher)


def test_pupil_list_of_a_guardian_is_their_two_children(in_school_a: School) -> None:
    pupils = people_selectors.pupil_list_for_actor(actor=actor("phuhuynh"))
    assert len(_children("phuhuynh")) == 2
    assert set(pupils.values_list("pk", flat=True)) == _children("phuhuynh")


def test_pupil_list_of_a_pupil_is_themself(in_school_a: School) -> None:
    pupils = people_selectors.pupil_list_for_actor(actor=actor("hocsinh"))
    assert list(pupils.values_list("user__username", flat=True)) == ["hocsinh"]


@pytest.mark.parametrize("username", ["hieutruong", "quantri"])
def test_mark_sheets_of_the_office_are_every_sheet(in_school_a: School, username: str) -> None:
    sheets = assessment_selectors.mark_sheet_list_for_reader(actor=actor(username))
    assert sheets.count() == MarkSheet.objects.count()


@pytest.mark.parametrize("username", ["gvcn", "giaovien"])
def test_mark_sheets_of_a_teacher_are_those_of_her_page(in_school_a: School, username: str) -> None:
    # given
    teacher = actor(username)
    term = assessment_selectors.current_term()
    page = assessment_selectors.mark_sheet_list_for_actor(actor=teacher, term=term)
    # when
    sheets = assessment_selectors.mark_sheet_list_for_reader(actor=teacher, term=term)
    # then
    assert list(sheets.values_list("pk", flat=True)) == list(page.values_list("pk", flat=True))


@pytest.mark.parametrize("username", ["phuhuynh", "hocsinh"])
def test_mark_sheets_of_a_family_are_the_published_sheets_of_their_classes(
    in_school_a: School, username: str
) -> None:
    # given
    classes = set(
        Enrolment.objects.filter(
            pupil__in=Pupil.objects.filter(
                Q(guardianships__guardian__user__username=username) | Q(user__username=username)
            )
        ).values_list("school_class_id", flat=True)
    )
    # when
    sheets = assessment_selectors.mark_sheet_list_for_reader(actor=actor(username))
    # then
    assert set(sheets.values_list("pk", flat=True)) == set(
        MarkSheet.objects.filter(
            school_class_id__in=classes, published_at__isnull=False
        ).values_list("pk", flat=True)
    )


def test_gradebook_of_a_guardian_hides_pending_corrections_and_other_rows(
    in_school_a: School,
) -> None:
    # given
    guardian = actor("phuhuynh")
    sheet = assessment_selectors.mark_sheet_list_for_reader(actor=guardian).first()
    # when
    book = assessment_selectors.gradebook_get_for_reader(sheet=sheet, actor=guardian)
    # then
    assert {row.pupil_id for row in book.rows} <= _children("phuhuynh")
    assert len(book.rows) == 1
    assert book.pending_corrections == []
