"""The pilot's KPIs (core_school.figures.pilot): each one a direct count of planted rows, then
published to the public schema (reporting.services.school_kpis_publish)."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone, translation
from django_tenants.utils import tenant_context

from accounts.models import User
from accounts.roles import STAFF_ROLES
from config.pilot import (
    ACTIVE_GUARDIANS,
    ACTIVE_STAFF,
    ATTENDANCE_ON_TIME,
    DATA_QUALITY,
    MARKS_COMPLETE,
    MARKS_ON_TIME,
    KpiRow,
    kpi_computers,
)
from core_school.academics.models import Enrolment, SchoolClass, SchoolYear, Subject, Term
from core_school.activity.models import WeeklyActivity
from core_school.assessment.models import Mark, MarkSheet
from core_school.attendance import services as attendance_services
from core_school.attendance.models import AttendanceRegister
from core_school.figures import pilot
from core_school.people.access import actor_for_user
from core_school.people.models import Pupil
from core_school.standard.models import AdoptedStandard, ConformanceCheck
from core_school.standard.selectors import NATIONAL_DEADLINES, standard_deadlines
from onboarding import standards_adoption
from reporting import services, tasks
from reporting.models import PilotKpi
from standards.diff import content_diff
from standards.national import DEADLINES, national_content
from standards.schema import content_problems
from tenants.models import School

# A summer week with no demo register, mark or check: only what a test plants counts.
SUMMER = datetime.date(2026, 7, 6)


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _national() -> pilot.Deadlines:
    return standard_deadlines(adopted=AdoptedStandard(version=1, content={}))


# ---------------------------------------------------------------------------------------------
# The standard's deadlines
# ---------------------------------------------------------------------------------------------


def test_the_school_side_national_deadlines_are_the_standards() -> None:
    assert NATIONAL_DEADLINES == DEADLINES
    assert national_content()["deadlines"] == DEADLINES
    assert content_problems(national_content()) == []


@translation.override("en")  # the validator's messages are translated: read the English ones
def test_a_standard_without_deadlines_is_valid_and_bad_deadlines_are_named() -> None:
    content = national_content()
    del content["deadlines"]
    assert content_problems(content) == []
    content["deadlines"] = {
        "attendance_morning_by": "9h",
        "attendance_afternoon_by": "14:00",
        "marks_due_days": -1,
        "soon": 1,
    }
    assert [(p.where, p.why) for p in content_problems(content)] == [
        ("deadlines.attendance_morning_by", "must be a time of day as HH:MM, e.g. 09:00"),
        ("deadlines.midterm_marks_due_days", "is missing"),
        ("deadlines.marks_due_days", "must be a whole number of days between 0 and 60"),
        ("deadlines.soon", "is not a deadline the platform knows"),
    ]


def test_an_adopted_copy_without_deadlines_uses_the_national_ones_key_by_key() -> None:
    partial = AdoptedStandard(version=2, content={"deadlines": {"attendance_morning_by": "08:30"}})
    deadlines = standard_deadlines(adopted=partial)
    assert deadlines.attendance_morning_by == datetime.time(8, 30)
    assert deadlines.attendance_afternoon_by == datetime.time(14)
    assert (deadlines.midterm_marks_due_days, deadlines.marks_due_days) == (7, 7)


# ---------------------------------------------------------------------------------------------
# Attendance on time
# ---------------------------------------------------------------------------------------------


def test_attendance_on_time_counts_registers_first_taken_by_the_sessions_deadline(
    school_b: School,
) -> None:
    with tenant_context(school_b):
        classes = list(SchoolClass.objects.filter(school_year__is_current=True)[:3])
        teacher = classes[0].homeroom_teacher
        monday, tuesday = SUMMER, SUMMER + datetime.timedelta(days=1)
        planted = [
            # (class, day, session, first taken) → on time?
            (classes[0], monday, "am", _at(monday, 8, 59), True),
            (classes[1], monday, "am", _at(monday, 9, 1), False),
            (classes[2], monday, "am", _at(monday, 9, 0) + datetime.timedelta(seconds=59), True),
            (classes[0], monday, "pm", _at(monday, 13, 59), True),
            (classes[1], monday, "pm", _at(monday, 14, 1), False),
            (classes[2], tuesday, "am", _at(tuesday + datetime.timedelta(days=1), 7), False),
        ]
        AttendanceRegister.objects.bulk_create(
            AttendanceRegister(
                school_class=school_class,
                date=day,
                session=session,
                taken_by=teacher,
                first_taken_at=first,
            )
            for school_class, day, session, first, _on_time in planted
        )
        rows = pilot.attendance_kpis([SUMMER], _national())
    on_time = sum(on_time for *_rest, on_time in planted)
    assert rows == [KpiRow(SUMMER, ATTENDANCE_ON_TIME, on_time, len(planted))]
    assert rows[0].value == 3


def test_a_register_corrected_later_keeps_the_time_it_was_first_taken(school_a: School) -> None:
    with tenant_context(school_a):
        homeroom = actor_for_user(User.objects.get(username="gvcn"))
        school_class = SchoolClass.objects.select_related("school_year").get(
            pk=next(iter(homeroom.homeroom_class_ids))
        )
        day = timezone.localdate()
        register = attendance_services.register_take(
            school_class=school_class, date=day, session="pm", absences=[], actor=homeroom
        )
        # The register was first taken at 13:50 (said so directly: the test runs at any hour).
        first = _at(day, 13, 50)
        AttendanceRegister.objects.filter(pk=register.pk).update(
            first_taken_at=first, taken_at=first
        )
        attendance_services.register_take(
            school_class=school_class, date=day, session="pm", absences=[], actor=homeroom
        )
        register.refresh_from_db()
        assert register.first_taken_at == first
        assert register.taken_at > first


# ---------------------------------------------------------------------------------------------
# Marks on time and complete
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def old_term(school_b: School) -> dict[str, object]:
    """A school year of 2019-2020 in school B: one class of two pupils, one comment-only
    subject (tx1, tx2, gk, ck) in two sheets of its first term."""
    with tenant_context(school_b):
        year = SchoolYear.objects.create(
            name="2019-2020",
            starts_on=datetime.date(2019, 9, 5),
            ends_on=datetime.date(2020, 5, 31),
            is_current=False,
        )
        # 2019-09-02 (a Monday) .. 2019-12-29: midpoint 2019-10-31, due 2019-11-07 and
        # 2020-01-05 (a Sunday).
        term = Term.objects.create(
            school_year=year,
            number=1,
            starts_on=datetime.date(2019, 9, 2),
            ends_on=datetime.date(2019, 12, 29),
        )
        school_class = SchoolClass.objects.create(school_year=year, grade=6, name="6Z")
        pupils = [
            Pupil.objects.create(
                national_id=f"99990000000{i}",
                full_name=f"Học Sinh {i}",
                birth_date=datetime.date(2008, 1, 1),
                sex="M",
            )
            for i in (1, 2)
        ]
        Enrolment.objects.bulk_create(
            Enrolment(pupil=p, school_class=school_class, starts_on=year.starts_on) for p in pupils
        )
        subjects = list(Subject.objects.filter(mode="comment").order_by("code")[:2])
        sheets = [
            MarkSheet.objects.create(school_class=school_class, subject=subject, term=term)
            for subject in subjects
        ]
    return {"term": term, "pupils": pupils, "sheets": sheets}


def _enter(sheet: MarkSheet, pupils: list[Pupil], codes: list[str], at: datetime.datetime) -> None:
    Mark.objects.bulk_create(
        Mark(
            sheet=sheet,
            pupil=pupil,
            kind="tx" if code.startswith("tx") else code,
            index=int(code[2:]) if code.startswith("tx") else 1,
            passed=True,
            created_at=at,
        )
        for pupil in pupils
        for code in codes
    )


def test_marks_on_time_and_complete_count_the_planted_sheets(
    school_b: School, old_term: dict[str, object]
) -> None:
    pupils, (on_time, late) = old_term["pupils"], old_term["sheets"]
    midterm_due = datetime.date(2019, 11, 7)  # a Thursday
    term_due = datetime.date(2020, 1, 5)  # a Sunday
    with tenant_context(school_b):
        # Sheet 1: everything by the deadlines, the last mark at 23:59 on the term's due day.
        _enter(on_time, pupils, ["tx1", "gk"], _at(midterm_due, 20))
        _enter(on_time, pupils, ["tx2"], _at(datetime.date(2019, 12, 20), 20))
        _enter(on_time, pupils[:1], ["ck"], _at(term_due, 10))
        _enter(on_time, pupils[1:], ["ck"], _at(term_due, 23, 59))
        # Sheet 2: the mid-term one day late, the end of term one day late for one pupil.
        _enter(late, pupils, ["tx1", "tx2"], _at(datetime.date(2019, 10, 1), 20))
        _enter(late, pupils, ["gk"], _at(midterm_due + datetime.timedelta(days=1), 8))
        _enter(late, pupils[:1], ["ck"], _at(term_due, 9))
        _enter(late, pupils[1:], ["ck"], _at(term_due + datetime.timedelta(days=1), 0, 1))
        weeks = pilot.weeks_between(datetime.date(2019, 11, 4), datetime.date(2020, 1, 12))
        rows = pilot.marks_kpis(weeks, _national(), now=timezone.now())
    by = {(row.metric, row.week): (row.value, row.denominator) for row in rows}
    nov4, dec30, jan6 = (
        datetime.date(2019, 11, 4),
        datetime.date(2019, 12, 30),
        datetime.date(2020, 1, 6),
    )
    # Each sheet is due twice, in the week its deadline falls.
    assert by[(MARKS_ON_TIME, nov4)] == (1, 2)
    assert by[(MARKS_ON_TIME, dec30)] == (1, 2)
    assert {week for metric, week in by if metric == MARKS_ON_TIME} == {nov4, dec30}
    # Complete so far: the mid-term column (2 sheets × 2 pupils) from the mid-term deadline
    # on, all four columns (2 × 2 × 4) from the term's; each counted at the week's end.
    assert by[(MARKS_COMPLETE, nov4)] == (4, 4)
    assert by[(MARKS_COMPLETE, datetime.date(2019, 12, 23))] == (4, 4)
    assert by[(MARKS_COMPLETE, dec30)] == (15, 16)
    assert by[(MARKS_COMPLETE, jan6)] == (16, 16)
    assert (MARKS_COMPLETE, datetime.date(2019, 10, 28)) not in by


# ---------------------------------------------------------------------------------------------
# Adoption and data quality
# ---------------------------------------------------------------------------------------------


def test_active_staff_and_guardians_are_the_weeks_recorded_users_out_of_the_accounts(
    school_b: School,
) -> None:
    week = datetime.date(2026, 11, 2)
    with tenant_context(school_b):
        WeeklyActivity.objects.filter(week=week).delete()
        staff = list(
            User.objects.filter(groups__name__in=[r.value for r in STAFF_ROLES])
            .distinct()
            .order_by("pk")[:3]
        )
        guardian = User.objects.filter(groups__name="parent").order_by("pk").first()
        # One of the active staff left since (deactivated): still counted that week.
        User.objects.filter(pk=staff[2].pk).update(is_active=False)
        WeeklyActivity.objects.bulk_create(
            [WeeklyActivity(user=user, week=week, kind="staff") for user in staff]
            + [WeeklyActivity(user=guardian, week=week, kind="guardian")]
        )
        end = _at(week + datetime.timedelta(days=7), 0)
        staff_accounts = (
            User.objects.filter(
                is_active=True,
                date_joined__lt=end,
                groups__name__in=[r.value for r in STAFF_ROLES],
            )
            .distinct()
            .count()
        )
        guardian_accounts = (
            User.objects.filter(is_active=True, date_joined__lt=end, groups__name="parent")
            .exclude(groups__name__in=[r.value for r in STAFF_ROLES])
            .count()
        )
        rows = pilot.adoption_kpis([week])
    assert rows == [
        KpiRow(week, ACTIVE_STAFF, 3, staff_accounts + 1),
        KpiRow(week, ACTIVE_GUARDIANS, 1, guardian_accounts),
    ]


def test_data_quality_is_the_latest_check_of_each_week(school_b: School) -> None:
    with tenant_context(school_b):
        ConformanceCheck.objects.bulk_create(
            [
                ConformanceCheck(checked_at=_at(SUMMER, 1), version=1, records=100, failing=9),
                ConformanceCheck(
                    checked_at=_at(SUMMER + datetime.timedelta(days=6), 23, 30),
                    version=1,
                    records=100,
                    failing=4,
                ),
                ConformanceCheck(
                    checked_at=_at(SUMMER + datetime.timedelta(days=7), 0, 30),
                    version=1,
                    records=100,
                    failing=1,
                ),
            ]
        )
        rows = pilot.data_quality_kpis([SUMMER - datetime.timedelta(days=7), SUMMER])
    assert rows == [KpiRow(SUMMER, DATA_QUALITY, 96, 100)]


def test_the_quality_score_sent_is_kept_in_the_school_for_the_weeks(school_b: School) -> None:
    standards_adoption.conformance_run(school=school_b)
    connection.set_schema_to_public()
    with tenant_context(school_b):
        check = ConformanceCheck.objects.order_by("-checked_at").first()
    assert check is not None
    assert check.checked_at > timezone.now() - datetime.timedelta(minutes=1)
    assert check.failing <= check.records
    assert Decimal(check.records - check.failing) * 100 / check.records > 50


# ---------------------------------------------------------------------------------------------
# Publishing
# ---------------------------------------------------------------------------------------------


def test_the_core_school_computer_is_registered() -> None:
    assert kpi_computers()["core_school"] is pilot.school_kpis


def test_publishing_replaces_the_weeks_computed_and_keeps_the_others(school_b: School) -> None:
    today = timezone.localdate()
    since = today - datetime.timedelta(weeks=8)
    old = timezone.now() - datetime.timedelta(days=3)
    PilotKpi.objects.filter(school=school_b).delete()
    kept = PilotKpi.objects.create(
        school=school_b,
        week=pilot.week_of(since) - datetime.timedelta(weeks=1),
        metric=ACTIVE_STAFF,
        value=1,
        denominator=2,
        computed_at=old,
    )
    PilotKpi.objects.create(
        school=school_b,
        week=pilot.week_of(today),
        metric="gone",
        value=1,
        denominator=1,
        computed_at=old,
    )
    # when
    written = services.school_kpis_publish(school=school_b, since=since, until=today)
    # then: the rows are the computer's, the week before the window is untouched
    with tenant_context(school_b):
        expected = pilot.school_kpis(since=since, until=today)
    rows = PilotKpi.objects.filter(school=school_b).exclude(pk=kept.pk)
    assert written == len(expected) == rows.count()
    assert {KpiRow(row.week, row.metric, row.value, row.denominator) for row in rows} == set(
        expected
    )
    assert {row.metric for row in rows} >= {ACTIVE_STAFF, ACTIVE_GUARDIANS, ATTENDANCE_ON_TIME}
    assert PilotKpi.objects.get(pk=kept.pk).computed_at == old
    assert not PilotKpi.objects.filter(metric="gone").exists()
    assert all(row.computed_at > old for row in rows)


def test_the_nightly_refresh_publishes_the_kpis_of_the_school_year(school_b: School) -> None:
    PilotKpi.objects.filter(school=school_b).delete()
    tasks.school_figures_refresh_task(school_b.pk)
    weeks = set(PilotKpi.objects.filter(school=school_b).values_list("week", flat=True))
    today = timezone.localdate()
    since, until = services.kpi_window(today=today)
    august = datetime.date(today.year if today.month >= 8 else today.year - 1, 8, 1)
    assert (since, until) == (min(august, today - datetime.timedelta(weeks=26)), today)
    assert min(weeks) >= pilot.week_of(since)
    assert pilot.week_of(until) in weeks


def test_a_school_in_no_cohort_publishes_no_kpis(school_b: School) -> None:
    # given: the demo's comparison school taken out of the evaluation
    School.objects.filter(pk=school_b.pk).update(is_comparison=False)
    PilotKpi.objects.filter(school=school_b).delete()
    # when
    written = tasks.school_figures_refresh_task(school_b.pk)
    # then: its figures are published, not its KPIs
    assert written > 0
    assert not PilotKpi.objects.filter(school=school_b).exists()


def test_the_public_kpi_table_holds_counts_only(db: None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = 'public' AND table_name = %s ORDER BY ordinal_position",
            [PilotKpi._meta.db_table],
        )
        columns = {name for (name,) in cursor.fetchall()}
    assert columns == {"id", "school_id", "week", "metric", "value", "denominator", "computed_at"}


def test_a_changed_deadline_shows_among_the_changes_and_a_missing_block_is_national() -> None:
    old = national_content()
    del old["deadlines"]
    new = national_content()
    assert content_diff(old, new).is_empty
    new["deadlines"]["attendance_morning_by"] = "08:30"
    changes = content_diff(old, new).flags
    assert [(f.name, f.old, f.new) for f in changes] == [
        ("deadlines.attendance_morning_by", "09:00", "08:30")
    ]


def test_the_refresh_command_publishes_the_kpis_too(school_b: School) -> None:
    PilotKpi.objects.filter(school=school_b).delete()
    out = io.StringIO()
    call_command("reports_refresh", "--school", "nghiatan", "--sync", stdout=out)
    written = PilotKpi.objects.filter(school=school_b).count()
    assert written > 0
    assert "nghiatan: " in out.getvalue()
    assert f"{written} KPI rows" in out.getvalue()
