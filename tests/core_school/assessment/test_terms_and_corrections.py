"""Closing a term, correction requests after it, and the end of the year."""

from decimal import Decimal

import pytest

from core_school.academics.models import SchoolYear, Subject, Term
from core_school.assessment import services
from core_school.assessment.exceptions import AssessmentPermissionError, MarkInputError
from core_school.assessment.models import (
    ConductGrade,
    CorrectionRequest,
    LearningResult,
    Mark,
    MarkSheet,
    SubjectResult,
    YearOutcome,
)
from core_school.people.access import Actor


def test_closing_a_term_with_missing_marks_names_them_and_closes_nothing(
    sheet: MarkSheet, principal: Actor
) -> None:
    with pytest.raises(MarkInputError) as raised:
        services.term_close(term=sheet.term, actor=principal)
    first = raised.value.extra["missing"][0]
    assert {"class", "subject", "pupil", "column"} <= set(first)
    assert first["pupil"] in raised.value.message
    assert not Term.objects.get(pk=sheet.term.pk).is_closed


def test_only_the_principal_closes_a_term(sheet: MarkSheet, teacher: Actor) -> None:
    with pytest.raises(AssessmentPermissionError):
        services.term_close(term=sheet.term, actor=teacher)


@pytest.fixture
def last_year_sheet(teacher: Actor) -> MarkSheet:
    """A closed sheet of last year taught by the same teacher (maths, closed term)."""
    term = Term.objects.get(school_year__is_current=False, number=2)
    sheet = (
        MarkSheet.objects.filter(term=term, subject__code="TOAN")
        .select_related("school_class", "subject", "term__school_year")
        .first()
    )
    from core_school.academics.models import TeachingAssignment

    TeachingAssignment.objects.get_or_create(
        teacher=teacher.staff, school_class=sheet.school_class, subject=sheet.subject
    )
    return sheet


def test_correction_request_is_approved_by_the_principal_and_results_follow(
    last_year_sheet: MarkSheet, principal: Actor
) -> None:
    # given
    from core_school.people.access import actor_for_user

    teacher = actor_for_user(principal.user.__class__.objects.get(username="giaovien"))
    mark = Mark.objects.filter(sheet=last_year_sheet, kind="ck").first()
    # when
    request = services.correction_request_create(
        sheet=last_year_sheet,
        pupil_id=mark.pupil_id,
        column="ck",
        new_value="10",
        reason="Nhập nhầm điểm cuối kì",
        actor=teacher,
    )
    services.correction_request_decide(correction=request, approve=True, note="", actor=principal)
    # then
    mark.refresh_from_db()
    assert mark.score == Decimal("10.0")
    assert CorrectionRequest.objects.get(pk=request.pk).status == "approved"
    event = Mark.pgh_event_model.objects.filter(pgh_obj=mark).latest("pgh_id")
    assert "Nhập nhầm" in event.pgh_context.metadata["reason"]
    result = SubjectResult.objects.get(
        pupil_id=mark.pupil_id, subject=last_year_sheet.subject, term=last_year_sheet.term
    )
    assert result.average >= Decimal("0")


def test_correction_needs_a_reason_and_a_valid_value(
    last_year_sheet: MarkSheet, principal: Actor
) -> None:
    from core_school.people.access import actor_for_user

    teacher = actor_for_user(principal.user.__class__.objects.get(username="giaovien"))
    pupil = Mark.objects.filter(sheet=last_year_sheet).first().pupil_id
    with pytest.raises(MarkInputError):
        services.correction_request_create(
            sheet=last_year_sheet,
            pupil_id=pupil,
            column="ck",
            new_value="9",
            reason=" ",
            actor=teacher,
        )
    with pytest.raises(MarkInputError):
        services.correction_request_create(
            sheet=last_year_sheet,
            pupil_id=pupil,
            column="ck",
            new_value="7,55",
            reason="x",
            actor=teacher,
        )


def test_year_results_of_last_year_match_the_rules(principal: Actor) -> None:
    # given
    year = SchoolYear.objects.get(is_current=False)
    # when
    count = services.year_results_compute(school_year=year, actor=principal)
    # then: each pupil has a year learning level and an initial decision
    assert count == LearningResult.objects.filter(school_year=year, term=None).count()
    assert YearOutcome.objects.filter(school_year=year, stage="initial").count() == count
    assert ConductGrade.objects.filter(school_year=year, term=None).count() == count


def test_reassessment_replaces_the_year_result_and_decides_again(principal: Actor) -> None:
    year = SchoolYear.objects.get(is_current=False)
    outcome = YearOutcome.objects.filter(
        school_year=year, stage="initial", decision="reassess"
    ).first()
    subjects = {s.code: s for s in Subject.objects.filter(code__in=outcome.reassess_subjects)}
    results = {code: ("6" if s.is_scored else "Đ") for code, s in subjects.items()}
    after = services.reassessment_record(
        pupil_id=outcome.pupil_id, school_year=year, results=results, actor=principal
    )
    assert after.stage == "after_summer"
    assert after.decision in {"promoted", "retained"}


def test_reassessment_names_the_missing_subject(principal: Actor) -> None:
    year = SchoolYear.objects.get(is_current=False)
    outcome = YearOutcome.objects.filter(
        school_year=year, stage="initial", decision="reassess"
    ).first()
    with pytest.raises(MarkInputError) as raised:
        services.reassessment_record(
            pupil_id=outcome.pupil_id, school_year=year, results={}, actor=principal
        )
    assert raised.value.extra["errors"][0]["subject"] in outcome.reassess_subjects


def test_summer_training_reevaluation_promotes_or_retains(principal: Actor) -> None:
    year = SchoolYear.objects.get(is_current=False)
    outcomes = list(
        YearOutcome.objects.filter(school_year=year, stage="initial", decision="summer_training")[
            :2
        ]
    )
    promoted = services.summer_training_record(
        pupil_id=outcomes[0].pupil_id, school_year=year, reevaluated_conduct="dat", actor=principal
    )
    retained = services.summer_training_record(
        pupil_id=outcomes[1].pupil_id, school_year=year, reevaluated_conduct="", actor=principal
    )
    assert promoted.decision == "promoted"
    assert retained.decision == "retained"
    assert (
        ConductGrade.objects.get(pupil_id=outcomes[0].pupil_id, school_year=year, term=None).level
        == "dat"
    )
