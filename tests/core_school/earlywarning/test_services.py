"""The evaluation (idempotent, automatic resolution, the teacher told) and the teacher's
follow-up."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from config.errors import ApplicationError
from core_school.academics.models import Enrolment, SchoolClass, Subject, Term
from core_school.academics.services import pupil_transfer
from core_school.assessment.models import SubjectResult
from core_school.earlywarning import services
from core_school.earlywarning.models import EarlyWarningFlag
from core_school.notifications.models import Kind, Notification
from core_school.people.access import Actor
from core_school.standard.models import AdoptedStandard
from tests.core_school.earlywarning.conftest import AbsentFn, clean_slate


def _standard_rules(rules: list[dict[str, object]]) -> None:
    """Set the adopted standard's rules (as a newer adoption would)."""
    adopted = AdoptedStandard.objects.order_by("-adopted_at", "-pk").first()
    content = dict(adopted.content, early_warning_rules=rules)
    AdoptedStandard.objects.filter(pk=adopted.pk).update(content=content)


@pytest.fixture
def flagged(absent: AbsentFn, pupil: int) -> EarlyWarningFlag:
    """The pupil missed three mornings without leave and the rules ran."""
    for days in (4, 3, 2):
        absent(days)
    services.early_warnings_evaluate()
    return EarlyWarningFlag.objects.get(pupil_id=pupil, rule="absences_14d")


def test_evaluation_raises_a_flag_for_the_homeroom_teacher_with_the_rule_as_evaluated(
    flagged: EarlyWarningFlag, own_class: SchoolClass, homeroom: Actor
) -> None:
    assert flagged.is_open
    assert flagged.school_class_id == own_class.pk
    assert flagged.homeroom_teacher_id == homeroom.staff.pk
    assert flagged.parameters == {"unexcused_absences": 3, "days": 14}
    assert flagged.standard_version == 1
    assert flagged.reason.startswith("3 unexcused absences in 14 days")


def test_evaluation_tells_the_homeroom_teacher_only(
    flagged: EarlyWarningFlag, homeroom: Actor
) -> None:
    notifications = Notification.objects.filter(
        kind=Kind.EARLY_WARNING, url=f"/early-warnings/#flag-{flagged.pk}"
    )
    assert [(n.user_id, n.body) for n in notifications] == [(homeroom.user.pk, flagged.reason)]
    assert flagged.pupil.full_name in notifications[0].title


def test_evaluating_twice_raises_nothing_new(flagged: EarlyWarningFlag) -> None:
    # given
    flags = EarlyWarningFlag.objects.count()
    notifications = Notification.objects.filter(kind=Kind.EARLY_WARNING).count()
    # when
    result = services.early_warnings_evaluate()
    # then
    assert result.raised == 0
    assert result.resolved == 0
    assert EarlyWarningFlag.objects.count() == flags
    assert Notification.objects.filter(kind=Kind.EARLY_WARNING).count() == notifications


def test_a_flag_resolves_itself_when_the_condition_no_longer_holds(
    flagged: EarlyWarningFlag, absent: AbsentFn
) -> None:
    # given: one of the three absences was excused after all (the family brought a note)
    absent(3, "excused")
    # when
    result = services.early_warnings_evaluate()
    # then
    flagged.refresh_from_db()
    assert result.resolved == 1
    assert flagged.resolution == EarlyWarningFlag.Resolution.AUTOMATIC
    assert flagged.resolved_at is not None
    assert flagged.resolved_by is None


def test_a_rule_removed_from_the_standard_resolves_its_flags(flagged: EarlyWarningFlag) -> None:
    # given
    _standard_rules([{"code": "subject_drop", "drop": 1.5}])
    # when
    services.early_warnings_evaluate()
    # then
    flagged.refresh_from_db()
    assert flagged.resolution == EarlyWarningFlag.Resolution.AUTOMATIC
    assert not EarlyWarningFlag.objects.filter(rule="absences_14d", resolved_at__isnull=True)


def test_the_rules_come_from_the_adopted_standard(absent: AbsentFn, pupil: int) -> None:
    # given: two absences, and a standard asking for two
    absent(3)
    absent(2)
    _standard_rules([{"code": "absences_14d", "unexcused_absences": 2, "days": 7}])
    # when
    services.early_warnings_evaluate()
    # then
    flag = EarlyWarningFlag.objects.get(pupil_id=pupil)
    assert flag.parameters == {"unexcused_absences": 2, "days": 7}


def test_the_homeroom_teacher_resolves_a_flag_with_a_note(
    flagged: EarlyWarningFlag, homeroom: Actor
) -> None:
    # when
    services.flag_resolve(
        flag=flagged, note="Đã gọi điện cho mẹ; em đi học đều trở lại.", actor=homeroom
    )
    # then
    flagged.refresh_from_db()
    assert flagged.resolution == EarlyWarningFlag.Resolution.TEACHER
    assert flagged.resolution_note == "Đã gọi điện cho mẹ; em đi học đều trở lại."
    assert flagged.resolved_by == homeroom.staff


def test_evidence_the_teacher_followed_up_does_not_raise_the_flag_again(
    flagged: EarlyWarningFlag, homeroom: Actor
) -> None:
    # given: resolved today, the same three absences still in the window
    services.flag_resolve(flag=flagged, note="Đã gặp gia đình.", actor=homeroom)
    # when
    result = services.early_warnings_evaluate()
    # then
    assert result.raised == 0
    assert not EarlyWarningFlag.objects.filter(
        pupil_id=flagged.pupil_id, resolved_at__isnull=True
    ).exists()


def test_absences_after_the_follow_up_raise_a_new_flag(
    flagged: EarlyWarningFlag, homeroom: Actor
) -> None:
    # given: a follow-up ten days ago, before the three absences
    services.flag_resolve(flag=flagged, note="Đã gặp gia đình.", actor=homeroom)
    EarlyWarningFlag.objects.filter(pk=flagged.pk).update(
        resolved_at=timezone.now() - datetime.timedelta(days=10)
    )
    # when
    result = services.early_warnings_evaluate()
    # then
    assert result.raised == 1
    assert EarlyWarningFlag.objects.filter(pupil_id=flagged.pupil_id).count() == 2


@pytest.mark.parametrize(
    ("note", "message"),
    [
        ("   ", "Say what was done and the outcome before resolving the flag."),
        ("x" * 2001, "The note is too long (at most 2000 characters)."),
    ],
)
def test_resolving_needs_a_note(
    flagged: EarlyWarningFlag, homeroom: Actor, note: str, message: str
) -> None:
    with pytest.raises(ApplicationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        services.flag_resolve(flag=flagged, note=note, actor=homeroom)
    flagged.refresh_from_db()
    assert flagged.is_open


def test_a_flag_is_resolved_once(flagged: EarlyWarningFlag, homeroom: Actor) -> None:
    services.flag_resolve(flag=flagged, note="Xong.", actor=homeroom)
    with pytest.raises(ApplicationError, match="already resolved"):
        services.flag_resolve(flag=flagged, note="Lần nữa.", actor=homeroom)


def test_another_classs_teacher_cannot_resolve(
    flagged: EarlyWarningFlag, other_homeroom: Actor
) -> None:
    with pytest.raises(ApplicationError, match="Only the homeroom teacher"):
        services.flag_resolve(flag=flagged, note="Không phải lớp tôi.", actor=other_homeroom)
    flagged.refresh_from_db()
    assert flagged.is_open


def test_the_database_keeps_one_open_flag_per_pupil_and_rule(
    flagged: EarlyWarningFlag,
) -> None:
    twin = EarlyWarningFlag(
        pupil_id=flagged.pupil_id,
        school_class_id=flagged.school_class_id,
        rule=flagged.rule,
        reason="x",
        raised_at=timezone.now(),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


def test_evaluation_query_count_does_not_grow_with_the_flags(
    flagged: EarlyWarningFlag, django_assert_num_queries: object
) -> None:
    # given: the demo's own flags plus this one, all open: evaluating again writes nothing
    # when / then: savepoint, lock, year, open flags, placements, follow-ups, one query per
    # rule (absences; previous year and drops; notes), release
    with django_assert_num_queries(11):  # type: ignore[operator]
        services.early_warnings_evaluate()


def test_a_followed_up_subject_drop_is_not_raised_again_for_the_same_term(
    principal: Actor,
) -> None:
    # given: a grade-7 pupil whose maths average fell by 2 from last year's last term
    pupil_id = clean_slate(
        Enrolment.objects.filter(
            school_class__school_year__is_current=True,
            school_class__grade=7,
            ends_on__isnull=True,
        )
        .order_by("pupil_id")
        .values_list("pupil_id", flat=True)
        .first()
    )
    maths = Subject.objects.get(code="TOAN")
    before = SubjectResult.objects.get(
        pupil_id=pupil_id, subject=maths, term__number=2, school_year__is_current=False
    ).average
    term_1 = Term.objects.get(school_year__is_current=True, number=1)
    # NOTE: the rule reads computed term averages; the test writes one as the computation would.
    SubjectResult.objects.create(
        pupil_id=pupil_id,
        subject=maths,
        school_year=term_1.school_year,
        term=term_1,
        average=before - Decimal("2.0"),
    )
    services.early_warnings_evaluate()
    flag = EarlyWarningFlag.objects.get(pupil_id=pupil_id, rule="subject_drop")
    # when: the principal follows it up, and the rules run again
    services.flag_resolve(flag=flag, note="Đã sắp xếp phụ đạo môn Toán.", actor=principal)
    result = services.early_warnings_evaluate()
    # then
    assert flag.evidence["term"] == term_1.pk
    assert maths.name in flag.reason
    assert result.raised == 0
    assert EarlyWarningFlag.objects.filter(pupil_id=pupil_id).count() == 1


def test_an_open_flag_follows_its_pupil_to_a_new_class(
    flagged: EarlyWarningFlag, own_class: SchoolClass, principal: Actor
) -> None:
    # given: the pupil moves to another grade-6 class
    other = (
        SchoolClass.objects.filter(school_year__is_current=True, grade=6)
        .exclude(pk=own_class.pk)
        .annotate(size=Count("enrolments", filter=Q(enrolments__ends_on__isnull=True)))
        .order_by("size", "pk")
        .first()
    )
    pupil_transfer(
        pupil=flagged.pupil,
        to_class=other,
        on_date=timezone.localdate(),
        actor=principal,
    )
    # when
    services.early_warnings_evaluate()
    # then
    flagged.refresh_from_db()
    assert (flagged.school_class_id, flagged.homeroom_teacher_id) == (
        other.pk,
        other.homeroom_teacher_id,
    )
