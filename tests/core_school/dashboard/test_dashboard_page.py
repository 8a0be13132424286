"""The principal's dashboard: who may open it, and that its numbers are the school's numbers.

Every expected figure is computed here a second way, from the rows, without the selectors.
"""

import datetime
import re
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.test import Client
from django_tenants.utils import tenant_context

from core_school.academics.models import Enrolment, SchoolClass, Subject, Term
from core_school.assessment.models import (
    ConductGrade,
    LearningResult,
    Level,
    Mark,
    SubjectResult,
    YearOutcome,
)
from core_school.attendance.models import Absence, AttendanceRegister
from core_school.dashboard import selectors, views
from tenants.models import School
from tests.core_school.dashboard.conftest import signed_in
from tests.core_school.dashboard.factories import (
    AbsenceFactory,
    ConductGradeFactory,
    SubjectResultFactory,
)
from tests.core_school.dashboard.page import tables

URL = "/dashboard/"


def _html(client: Client, url: str = URL) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _percent(value: float) -> str:
    """As the page prints a rate in Vietnamese: one decimal, half up, decimal comma."""
    return str(Decimal(repr(value)).quantize(Decimal("0.1"), ROUND_HALF_UP)).replace(".", ",")


def _counted_absences(pupil_id: int) -> int:
    return Absence.objects.filter(
        pupil_id=pupil_id,
        register__school_class__school_year__is_current=True,
        register__counts_for_promotion=True,
        status__in=Absence.ABSENT,
    ).count()


def _give_absences(enrolment: Enrolment, total: int) -> None:
    """Mark the pupil absent in free registers of their class until `total` are counted."""
    free = (
        AttendanceRegister.objects.filter(
            school_class=enrolment.school_class, counts_for_promotion=True
        )
        .exclude(absences__pupil_id=enrolment.pupil_id)
        .order_by("date")
    )
    missing = total - _counted_absences(enrolment.pupil_id)
    for register in free[:missing]:
        AbsenceFactory(register=register, pupil_id=enrolment.pupil_id)
    assert _counted_absences(enrolment.pupil_id) == total


# --- Who may open it --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "status"),
    [("hieutruong", 200), ("quantri", 200), ("gvcn", 403), ("giaovien", 403), ("phuhuynh", 403)],
)
def test_dashboard_is_for_the_whole_school_roles_only(
    school_a: School, client_a: Client, username: str, status: int
) -> None:
    # given
    signed_in(client_a, school_a, username)
    # when
    response = client_a.get(URL)
    # then
    assert response.status_code == status


def test_dashboard_sends_anonymous_visitors_to_sign_in(client_a: Client) -> None:
    response = client_a.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_dashboard_runs_a_fixed_number_of_queries(
    principal_client: Client, school_day: datetime.date, django_assert_num_queries: object
) -> None:
    # 7 to sign in (domain, session, user, groups, staff, teaching, homeroom) and 17 for the
    # page's figures (one the adopted standard's absence limit and unit), each preceded by
    # django-tenants' SET search_path.
    with django_assert_num_queries(25):  # type: ignore[operator]
        response = principal_client.get(URL + "?subject=TOAN&grade=7")
    assert response.status_code == 200


def test_dashboard_charts_are_accessible_svg(principal_client: Client) -> None:
    # when
    html = _html(principal_client)
    # then: every chart is an image with a title and a description, and has its numbers as text
    svgs = re.findall(r"<svg\b[^>]*>\s*<title id=\"([\w-]+)\">[^<]+</title>\s*<desc id", html)
    assert len(svgs) == html.count("<svg") >= 5
    for title_id in svgs:
        assert f'aria-labelledby="{title_id} ' in html
    assert html.count('role="img"') == len(svgs)
    assert "<script" not in html.split("<main>")[1]


# --- 1. Enrolment -----------------------------------------------------------------------


def test_enrolment_counts_are_the_open_enrolments_per_grade_and_sex(
    school_a: School, principal_client: Client
) -> None:
    # when
    rows = tables(_html(principal_client))["enrolment-table"]
    # then
    with tenant_context(school_a):
        open_enrolments = Enrolment.objects.filter(
            school_class__school_year__is_current=True, ends_on__isnull=True
        )
        expected = [
            [
                str(grade),
                str(open_enrolments.filter(school_class__grade=grade, pupil__sex="M").count()),
                str(open_enrolments.filter(school_class__grade=grade, pupil__sex="F").count()),
                str(open_enrolments.filter(school_class__grade=grade).count()),
            ]
            for grade in (6, 7, 8, 9)
        ]
        total = open_enrolments.count()
    assert rows[1:5] == expected
    assert rows[5][-1] == str(total)


# --- 2. Attendance ----------------------------------------------------------------------


def _attendance_by_hand(first: datetime.date, last: datetime.date) -> tuple[int, int, int]:
    """(pupil-sessions, excused, unexcused) of the registers from `first` to `last`."""
    spans = defaultdict(list)
    for class_id, starts, ends in Enrolment.objects.filter(
        school_class__school_year__is_current=True
    ).values_list("school_class_id", "starts_on", "ends_on"):
        spans[class_id].append((starts, ends))
    registers = list(
        AttendanceRegister.objects.filter(
            school_class__school_year__is_current=True, date__range=(first, last)
        ).values_list("pk", "school_class_id", "date")
    )
    sessions = sum(
        1
        for _, class_id, day in registers
        for starts, ends in spans[class_id]
        if starts <= day and (ends is None or day <= ends)
    )
    statuses = list(
        Absence.objects.filter(register_id__in=[pk for pk, _, _ in registers]).values_list(
            "status", flat=True
        )
    )
    return sessions, statuses.count("excused"), statuses.count("unexcused")


@pytest.mark.parametrize("period", ["week", "term"])
def test_attendance_rate_is_one_minus_absences_over_sessions(
    school_a: School, principal_client: Client, school_day: datetime.date, period: str
) -> None:
    # given
    with tenant_context(school_a):
        term = Term.objects.get(
            school_year__is_current=True, starts_on__lte=school_day, ends_on__gte=school_day
        )
        first = (
            school_day - datetime.timedelta(days=school_day.weekday())
            if period == "week"
            else term.starts_on
        )
        sessions, excused, unexcused = _attendance_by_hand(first, school_day)
    # when
    html = _html(principal_client)
    shown = {
        figure: re.search(rf'data-testid="{figure}-{period}">([^<]*)<', html).group(1)
        for figure in ("rate", "sessions", "excused", "unexcused")
    }
    # then
    assert sessions > 0
    assert shown == {
        "rate": _percent(100 * (1 - (excused + unexcused) / sessions)) + " %",
        "sessions": str(sessions),
        "excused": str(excused),
        "unexcused": str(unexcused),
    }


def test_registers_not_taken_today_link_to_their_class(
    school_a: School, principal_client: Client, school_day: datetime.date
) -> None:
    # given: two classes have not taken today's morning register
    with tenant_context(school_a):
        late = list(SchoolClass.objects.filter(school_year__is_current=True).order_by("-name")[:2])
        AttendanceRegister.objects.filter(
            school_class__in=late, date=school_day, session="am"
        ).delete()
        already_missing = set(
            SchoolClass.objects.filter(school_year__is_current=True)
            .exclude(pk__in=[c.pk for c in late])
            .exclude(
                pk__in=AttendanceRegister.objects.filter(date=school_day, session="am").values(
                    "school_class_id"
                )
            )
            .values_list("pk", flat=True)
        )
    # when
    html = _html(principal_client)
    # then
    linked = {int(pk) for pk in re.findall(r'href="/attendance/(\d+)/"', html)}
    assert linked == {c.pk for c in late} | already_missing


def test_registers_are_not_asked_for_on_a_sunday(
    principal_client: Client, school_day: datetime.date, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given
    sunday = school_day + datetime.timedelta(days=6 - school_day.weekday())
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: sunday)
    # when
    html = _html(principal_client)
    # then
    assert 'data-testid="no-school-today"' in html
    assert not re.search(r'href="/attendance/\d+/"', html)


# --- 3. Mark distributions --------------------------------------------------------------


def _band(score: Decimal) -> int:
    return next(
        i
        for i, (low, high) in enumerate(selectors.BINS)
        if low <= score < high or (i == len(selectors.BINS) - 1 and score == high)
    )


def test_mark_distribution_counts_the_entered_marks_per_grade_and_band(
    school_a: School, principal_client: Client
) -> None:
    # given: the open term has no term averages yet, so the entered marks are counted
    with tenant_context(school_a):
        expected: dict[int, list[int]] = {grade: [0] * 5 for grade in (6, 7, 8, 9)}
        for grade, score in Mark.objects.filter(
            sheet__term__school_year__is_current=True,
            sheet__term__is_closed=False,
            sheet__term__number=1,
            sheet__subject__code="TOAN",
            score__isnull=False,
        ).values_list("sheet__school_class__grade", "score"):
            expected[grade][_band(score)] += 1
    # when
    html = _html(principal_client, URL + "?subject=TOAN&grade=7")
    rows = tables(html)["distribution-table"]
    # then: the table has every grade and their sum, the chart the chosen grade
    assert rows[1:5] == [
        [str(grade), *map(str, counts), str(sum(counts))] for grade, counts in expected.items()
    ]
    all_grades = [sum(column) for column in zip(*expected.values(), strict=True)]
    assert rows[5][1:] == [*map(str, all_grades), str(sum(all_grades))]
    chart = html.split('data-testid="histogram"')[1].split("</svg>")[0]
    shown = [int(n) for n in re.findall(r'class="total" aria-hidden="true">(\d+)<', chart)]
    assert shown == expected[7]
    assert "Toán" in chart


def test_mark_distribution_uses_term_averages_once_a_term_has_results(school_a: School) -> None:
    # given: last year's second term, closed with its averages (ĐTBmhk)
    with tenant_context(school_a):
        term = Term.objects.get(school_year__is_current=False, number=2)
        maths = Subject.objects.get(code="TOAN")
        grade_of = dict(
            Enrolment.objects.filter(school_class__school_year=term.school_year).values_list(
                "pupil_id", "school_class__grade"
            )
        )
        expected: dict[int, list[int]] = {grade: [0] * 5 for grade in (6, 7, 8, 9)}
        for pupil_id, average in SubjectResult.objects.filter(term=term, subject=maths).values_list(
            "pupil_id", "average"
        ):
            expected[grade_of[pupil_id]][_band(average)] += 1
        # when
        distribution = selectors.mark_distribution(
            year=term.school_year, term=term, subject=maths, grade=None
        )
    # then
    assert distribution.source == "averages"
    assert distribution.counts_by_grade == expected
    assert distribution.total == sum(map(sum, expected.values())) > 0


# --- 4. Pupils at risk ------------------------------------------------------------------


def test_at_risk_lists_a_pupil_with_31_absences_but_not_one_with_29(
    school_a: School, principal_client: Client
) -> None:
    # given
    with tenant_context(school_a):
        near, below = (
            Enrolment.objects.filter(school_class__school_year__is_current=True, ends_on=None)
            .select_related("pupil", "school_class")
            .order_by("pk")[:2]
        )
        _give_absences(near, 31)
        _give_absences(below, 29)
    # when
    html = _html(principal_client)
    rows = tables(html)["risk-absences"][1:]
    # then
    assert [near.pupil.full_name, near.school_class.name] in [row[:2] for row in rows]
    assert f'data-pupil="{near.pupil_id}" data-absences="31"' in html
    assert f'data-pupil="{below.pupil_id}"' not in html


def test_absence_risk_list_is_sorted_most_absences_first(school_a: School) -> None:
    # given
    with tenant_context(school_a):
        first, second, third = Enrolment.objects.filter(
            school_class__school_year__is_current=True, ends_on=None
        ).order_by("-pk")[:3]
        _give_absences(first, 30)
        _give_absences(second, 38)
        _give_absences(third, 33)
        # when
        risks = selectors.absence_risk_list(year=first.school_class.school_year)
    # then
    assert [(r.pupil_id, r.absences) for r in risks] == [
        (second.pupil_id, 38),
        (third.pupil_id, 33),
        (first.pupil_id, 30),
    ]


def test_learning_risk_is_the_weighted_average_of_entered_marks_before_any_result(
    school_a: School, principal_client: Client
) -> None:
    # given: a provisional average per pupil and subject, weighted 1 / 2 / 3 as TT22 Art. 9
    with tenant_context(school_a):
        term = Term.objects.get(school_year__is_current=True, number=1)
        weight = {"tx": 1, "gk": 2, "ck": 3}
        sums: dict[tuple[int, int], list[Decimal]] = defaultdict(lambda: [Decimal(0)] * 2)
        for pupil_id, subject_id, kind, score in Mark.objects.filter(
            sheet__term=term, score__isnull=False
        ).values_list("pupil_id", "sheet__subject_id", "kind", "score"):
            sums[(pupil_id, subject_id)][0] += score * weight[kind]
            sums[(pupil_id, subject_id)][1] += weight[kind]
        expected = {
            pupil_id
            for (pupil_id, _), (total, weights) in sums.items()
            if (total / weights).quantize(Decimal("0.1"), ROUND_HALF_UP) < 5
        }
        # when
        risks = selectors.learning_risk_list(year=term.school_year, term=term)
    rows = tables(_html(principal_client))["risk-learning"][1:]
    # then
    assert risks.source == "marks"
    assert {r.pupil_id for r in risks.pupils} == expected
    assert len(rows) == min(len(expected), views.AT_RISK_ROWS_SHOWN)


def test_learning_risk_uses_term_averages_once_the_year_has_some(
    school_a: School, principal_client: Client
) -> None:
    # given: one term average below 5.0 stored for the open term
    with tenant_context(school_a):
        term = Term.objects.get(school_year__is_current=True, number=1)
        enrolment = (
            Enrolment.objects.filter(school_class__school_year=term.school_year, ends_on=None)
            .select_related("pupil", "school_class")
            .order_by("pk")
            .first()
        )
        maths = Subject.objects.get(code="TOAN")
        SubjectResultFactory(pupil=enrolment.pupil, subject=maths, term=term, average="4.6")
    # when
    html = _html(principal_client)
    rows = tables(html)["risk-learning"][1:]
    # then: the provisional averages of entered marks give way to the term's results
    assert rows == [[enrolment.pupil.full_name, enrolment.school_class.name, "Toán 4,6"]]
    assert 'data-testid="risk-learning" data-source="results" data-term="1"' in html


def test_at_risk_lists_conduct_chua_dat_of_the_latest_term_graded(
    school_a: School, principal_client: Client
) -> None:
    # given
    with tenant_context(school_a):
        term = Term.objects.get(school_year__is_current=True, number=1)
        enrolment = (
            Enrolment.objects.filter(school_class__school_year=term.school_year, ends_on=None)
            .select_related("pupil", "school_class")
            .first()
        )
        ConductGradeFactory(pupil=enrolment.pupil, term=term)
    # when
    html = _html(principal_client)
    rows = tables(html)["risk-conduct"][1:]
    # then
    assert [row[:2] for row in rows] == [[enrolment.pupil.full_name, enrolment.school_class.name]]
    assert f'data-pupil="{enrolment.pupil_id}" data-term="1"' in html


# --- 5. Last year -----------------------------------------------------------------------


def test_last_year_summary_counts_levels_decisions_and_awards(
    school_a: School, principal_client: Client
) -> None:
    # given
    with tenant_context(school_a):
        year = Term.objects.get(school_year__is_current=False, number=1).school_year
        learning = LearningResult.objects.filter(school_year=year, term=None)
        conduct = ConductGrade.objects.filter(school_year=year, term=None)
        outcomes = YearOutcome.objects.filter(school_year=year)
        expected_levels = [
            [
                str(label),
                str(learning.filter(level=value).count()),
                str(conduct.filter(level=value).count()),
            ]
            for value, label in Level.choices
        ]
        end_of_year = {
            str(label): str(outcomes.filter(stage="initial", decision=value).count())
            for value, label in YearOutcome.Decision.choices
        }
        awards = {
            value: outcomes.filter(stage="initial", award=value).count()
            for value in YearOutcome.Award.values
        }
    # when
    html = _html(principal_client)
    page = tables(html)
    # then
    assert page["levels-table"][1:] == expected_levels
    assert {row[0]: row[1] for row in page["decisions-table"][1:]} == end_of_year
    for value, count in awards.items():
        assert re.search(rf'data-award="{value}"><strong>{count}</strong>', html)
    assert year.name in html
