"""What the authority sees: counts of flags raised and resolved per rule and period, published
with the school's figures, never a pupil or a reason."""

import pytest
from django.db import connection
from django.test import Client
from django_tenants.utils import tenant_context

from config.figures import EARLY_WARNING_RAISED, EARLY_WARNING_RESOLVED
from core_school.academics.models import Enrolment, SchoolYear
from core_school.earlywarning import figures, services
from core_school.earlywarning.models import EarlyWarningFlag
from core_school.people.access import Actor
from reporting import services as reporting_services
from reporting.models import Figure
from tenants.models import School
from tests.core_school.earlywarning.conftest import AbsentFn
from tests.reporting.test_privacy import _scan


@pytest.fixture
def one_resolved(absent: AbsentFn, pupil: int, homeroom: Actor) -> EarlyWarningFlag:
    for days in (4, 3, 2):
        absent(days)
    services.early_warnings_evaluate()
    flag = EarlyWarningFlag.objects.get(pupil_id=pupil, rule="absences_14d")
    return services.flag_resolve(flag=flag, note="Đã gặp gia đình em.", actor=homeroom)


def _year_cells(rows: list, metric: str) -> dict[str, tuple[int, int]]:
    year = SchoolYear.objects.get(is_current=True).name
    return {
        row.level: (row.value, row.population)
        for row in rows
        if row.metric == metric and row.school_year == year and row.term is None
    }


def test_the_counts_equal_a_direct_count_out_of_the_pupils_evaluated(
    one_resolved: EarlyWarningFlag,
) -> None:
    # when
    rows = figures.early_warning_figures()
    # then
    pupils = (
        Enrolment.objects.filter(school_class__school_year__is_current=True)
        .values("pupil_id")
        .distinct()
        .count()
    )
    raised = _year_cells(rows, EARLY_WARNING_RAISED)
    resolved = _year_cells(rows, EARLY_WARNING_RESOLVED)
    for rule in ("absences_14d", "subject_drop", "conduct_notes"):
        assert raised[rule] == (EarlyWarningFlag.objects.filter(rule=rule).count(), pupils)
        assert resolved[rule] == (
            EarlyWarningFlag.objects.filter(rule=rule, resolved_at__isnull=False).count(),
            pupils,
        )
    assert resolved["absences_14d"][0] >= 1


def test_published_counts_are_not_suppressed_in_a_large_school_and_name_nobody(
    one_resolved: EarlyWarningFlag, school_a: School
) -> None:
    # given
    reasons = set(EarlyWarningFlag.objects.values_list("reason", flat=True))
    notes = {one_resolved.resolution_note}
    absences = EarlyWarningFlag.objects.filter(rule="absences_14d").count()
    year = SchoolYear.objects.get(is_current=True).name
    connection.set_schema_to_public()
    # when
    reporting_services.school_figures_refresh(school=school_a)
    # then: one resolved flag is published as 1 (the population is the school's pupils)
    cell = Figure.objects.get(
        figure_set__school=school_a,
        figure_set__term__isnull=True,
        figure_set__school_year=year,
        metric=EARLY_WARNING_RAISED,
        level="absences_14d",
    )
    assert (cell.value, cell.suppressed) == (absences, False)
    assert _scan(set(), reasons | notes, set()) == []


def test_the_reports_page_shows_raised_and_resolved_by_rule(
    one_resolved: EarlyWarningFlag, school_a: School, console_as: object
) -> None:
    # given
    connection.set_schema_to_public()
    reporting_services.school_figures_refresh(school=school_a)
    # when
    client: Client = console_as("so.hanoi")  # type: ignore[operator]
    page = client.get("/reports/").content.decode()
    # then
    assert 'data-testid="early-warnings"' in page
    assert "Unexcused absences" in page
    with tenant_context(school_a):
        assert one_resolved.reason not in page
