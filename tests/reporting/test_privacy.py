"""No personal data reaches the public schema, and small cells are suppressed."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django_tenants.utils import tenant_context

from accounts.models import User
from config.figures import FigureRow
from core_school.earlywarning.models import EarlyWarningFlag
from core_school.people.models import Guardian, Pupil
from reporting import services
from reporting.models import MIN_CELL, Figure, FigureSet
from tenants.models import School

TEXT_TYPES = ("text", "character varying", "character", "json", "jsonb")
DATE_TYPES = ("date", "timestamp with time zone", "timestamp without time zone")


def _people(schools: list[School]) -> tuple[set[str], set[str], set[datetime.date]]:
    """The demo pupils' and guardians' names, their identifiers and phones, the birth dates."""
    names: set[str] = set()
    identifiers: set[str] = set()
    births: set[datetime.date] = set()
    for school in schools:
        with tenant_context(school):
            for name, national_id, birth in Pupil.objects.values_list(
                "full_name", "national_id", "birth_date"
            ):
                names.add(name)
                identifiers.add(national_id)
                births.add(birth)
            for name, phone, email in Guardian.objects.values_list("full_name", "phone", "email"):
                names.add(name)
                identifiers.update(v for v in (phone, email) if v)
            # The early-warning flags' reasons and follow-up notes stay in the school.
            for reason, note in EarlyWarningFlag.objects.values_list("reason", "resolution_note"):
                identifiers.update(v for v in (reason, note) if v)
    return names, identifiers, births


def _public_columns() -> list[tuple[str, str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c "
            "JOIN information_schema.tables t ON t.table_schema = c.table_schema "
            "AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE' "
            "WHERE c.table_schema = 'public' ORDER BY c.table_name, c.ordinal_position"
        )
        return cursor.fetchall()


def _scan(
    names: set[str], identifiers: set[str], births: set[datetime.date]
) -> list[tuple[str, str, str]]:
    """Every value of every text and date column of every public table that is one of the
    names, contains one of the identifiers, or (dates) is one of the birth dates."""
    found = []
    quote = connection.ops.quote_name
    long_identifiers = [identifier for identifier in identifiers if len(identifier) >= 9]
    with connection.cursor() as cursor:
        for table, column, data_type in _public_columns():
            if data_type not in TEXT_TYPES + DATE_TYPES:
                continue
            cursor.execute(
                f"SELECT DISTINCT {quote(column)}::text FROM public.{quote(table)} "  # noqa: S608
                f"WHERE {quote(column)} IS NOT NULL"
            )
            for (text,) in cursor.fetchall():
                if data_type in DATE_TYPES:
                    if data_type == "date" and datetime.date.fromisoformat(text[:10]) in births:
                        found.append((table, column, text))
                elif text in names or text in identifiers:
                    found.append((table, column, text))
                elif any(identifier in text for identifier in long_identifiers):
                    found.append((table, column, text[:80]))
    return found


def _operators() -> set[str]:
    """The operators' own names (public accounts): a demo operator may share a name with a
    demo parent, and an operator's name in the public schema is where it belongs."""
    return set(User.objects.values_list("full_name", flat=True))


def test_no_public_table_holds_a_pupils_or_guardians_personal_data(
    published: dict[str, int], school_a: School, school_b: School
) -> None:
    # given: both demo schools published their figures (fixture)
    names, identifiers, births = _people([school_a, school_b])
    assert len(names) > 1000
    assert len(identifiers) > 1000
    assert len(births) > 100
    assert ("reporting_figure", "subject", "character varying") in _public_columns()
    assert Figure.objects.count() == sum(published.values())
    # when: every text and date column of every public table is read
    found = _scan(names - _operators(), identifiers, births)
    # then
    assert found == []


def test_the_scan_finds_a_name_or_a_birth_date_written_to_a_public_table(
    published: dict[str, int], school_a: School
) -> None:
    # given: figures that (wrongly) carry a pupil's name and identifier
    with tenant_context(school_a):
        pupil = Pupil.objects.filter(full_name__regex=r"^.{1,20}$").first()
    Figure.objects.filter(metric="mark_band").update(level=pupil.full_name)
    Figure.objects.filter(metric="enrolment").update(level=pupil.national_id)
    names, identifiers, births = _people([school_a])
    # when
    found = _scan(names - _operators(), identifiers, births)
    # then
    assert ("reporting_figure", "level", pupil.full_name) in found
    assert ("reporting_figure", "level", pupil.national_id) in found


@pytest.mark.parametrize(("population", "suppressed"), [(1, True), (4, True), (5, False)])
def test_cells_under_five_pupils_are_stored_without_their_number(
    nothing_published: None, school_a: School, population: int, suppressed: bool
) -> None:
    # given
    row = FigureRow(
        school_year="2026-2027",
        term=1,
        metric="learning_level",
        grade=7,
        level="chua_dat",
        value=population,
        denominator=120,
        population=population,
    )
    # when
    services.school_figures_publish(school=school_a, rows=[row])
    # then
    figure = Figure.objects.get(figure_set__school=school_a, metric="learning_level")
    assert figure.suppressed is suppressed
    if suppressed:
        assert (figure.value, figure.denominator) == (None, None)
    else:
        assert (figure.value, figure.denominator) == (5, 120)


def test_published_counts_of_pupils_are_never_under_five(published: dict[str, int]) -> None:
    counts = Figure.objects.filter(
        metric__in=["enrolment", "mark_band", "learning_level", "conduct_level", "promotion"]
    )
    assert counts.filter(suppressed=True).exists()  # the demo has small cells
    assert not counts.filter(suppressed=False, value__lt=MIN_CELL).exists()
    assert not Figure.objects.filter(suppressed=True, value__isnull=False).exists()


def test_the_database_refuses_a_suppressed_cell_with_a_value(
    published: dict[str, int],
) -> None:
    figure_set = FigureSet.objects.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Figure.objects.create(figure_set=figure_set, metric="enrolment", value=3, suppressed=True)


def test_publishing_again_replaces_the_periods_figures(
    published: dict[str, int], school_a: School
) -> None:
    # given
    before = FigureSet.objects.filter(school=school_a).count()
    # when
    written = services.school_figures_refresh(school=school_a)
    # then
    assert written == published["caugiay"]
    assert FigureSet.objects.filter(school=school_a).count() == before
    assert Figure.objects.filter(figure_set__school=school_a).count() == written
