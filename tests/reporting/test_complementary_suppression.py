"""Complementary suppression: a small cell cannot be recovered by subtracting the other cells
of its group from a published total."""

import pytest

from config.figures import FigureRow
from reporting import services
from reporting.models import Figure
from tenants.models import School
from tests.reporting.groups import groups, recoverable


def _enrolment(grade: int | None, sex: str, n: int) -> FigureRow:
    return FigureRow(
        school_year="2026-2027",
        term=None,
        metric="enrolment",
        grade=grade,
        sex=sex,
        value=n,
        denominator=n,
        population=n,
    )


def _published(school: School, rows: list[FigureRow]) -> dict[tuple, Figure]:
    """Publish `rows` (one period) and read back that period's cells."""
    services.school_figures_publish(school=school, rows=rows)
    return {
        (f.metric, f.grade, f.sex, f.level): f
        for f in Figure.objects.filter(
            figure_set__school=school,
            figure_set__school_year=rows[0].school_year,
            figure_set__term=rows[0].term,
        )
    }


def test_a_small_sex_cell_is_not_the_grade_total_minus_the_other_sex(
    db: None, school_a: School
) -> None:
    # given: grade 6 has 3 girls; every total is published
    rows = [
        _enrolment(6, "M", 40),
        _enrolment(6, "F", 3),
        _enrolment(6, "", 43),
        _enrolment(7, "M", 30),
        _enrolment(7, "F", 31),
        _enrolment(7, "", 61),
        _enrolment(None, "M", 70),
        _enrolment(None, "F", 34),
        _enrolment(None, "", 104),
    ]
    # when
    figures = _published(school_a, rows)
    # then: the 3 is hidden, and so is enough around it that no subtraction gives it
    assert figures[("enrolment", 6, "F", "")].suppressed
    assert figures[("enrolment", 6, "F", "")].value is None
    assert recoverable(figures.values()) == []
    # the grade and school totals stay published; boys of grade 6 are the complement
    assert figures[("enrolment", 6, "", "")].value == 43
    assert figures[("enrolment", None, "", "")].value == 104
    assert figures[("enrolment", 6, "M", "")].suppressed


def test_the_next_smallest_level_is_suppressed_with_a_small_one(db: None, school_a: School) -> None:
    # given: 3 pupils at Đạt in grade 7 (their denominator, 63, is on every other cell)
    counts = {"tot": 20, "kha": 30, "dat": 3, "chua_dat": 10}
    rows = [
        FigureRow(
            school_year="2026-2027",
            term=1,
            metric="learning_level",
            grade=7,
            level=level,
            value=n,
            denominator=63,
            population=n,
        )
        for level, n in counts.items()
    ]
    # when
    figures = _published(school_a, rows)
    # then: Chưa đạt (10, the next smallest) is hidden with Đạt; the others are published
    hidden = {level for (_m, _g, _s, level), f in figures.items() if f.suppressed}
    assert hidden == {"dat", "chua_dat"}
    assert figures[("learning_level", 7, "", "tot")].denominator == 63
    assert recoverable(figures.values()) == []


def test_a_lone_grade_hides_the_school_total_it_equals(db: None, school_a: School) -> None:
    # given: a school of one grade, whose 3 boys are its school's 3 boys
    rows = [
        _enrolment(6, "M", 3),
        _enrolment(6, "F", 10),
        _enrolment(6, "", 13),
        _enrolment(None, "M", 3),
        _enrolment(None, "F", 10),
        _enrolment(None, "", 13),
    ]
    # when
    figures = _published(school_a, rows)
    # then: neither sex is published anywhere (13 is all one can read)
    assert {k for k, f in figures.items() if f.suppressed} == {
        ("enrolment", 6, "M", ""),
        ("enrolment", 6, "F", ""),
        ("enrolment", None, "M", ""),
        ("enrolment", None, "F", ""),
    }
    assert recoverable(figures.values()) == []


@pytest.mark.parametrize("slug", ["caugiay", "nghiatan"])
def test_no_suppressed_demo_cell_can_be_recovered_by_subtraction(db: None, slug: str) -> None:
    # given
    school = School.objects.get(slug=slug)
    # when
    services.school_figures_refresh(school=school)
    figures = list(Figure.objects.filter(figure_set__school=school))
    # then: the demo has small cells, some needed a complement, and none can be recovered
    assert any(f.suppressed for f in figures)
    assert recoverable(figures) == []
    by_group = groups(figures)
    assert any(g.hidden >= 2 for g in by_group)


def test_the_check_finds_a_cell_left_alone(db: None, school_a: School) -> None:
    # given: the published figures of a school, with one complement put back by hand
    rows = [_enrolment(6, "M", 40), _enrolment(6, "F", 3), _enrolment(6, "", 43)]
    figures = _published(school_a, rows)
    boys = figures[("enrolment", 6, "M", "")]
    assert boys.suppressed
    boys.suppressed, boys.value, boys.denominator = False, 40, 40
    # when
    found = recoverable(figures.values())
    # then
    assert len(found) == 1


def test_a_tiny_grades_denominator_is_not_the_school_minus_the_other_grades(
    db: None, school_a: School
) -> None:
    # given: Toán averages of grade 6 (3 pupils: every band small) and grade 7 (60 pupils);
    # each cell publishes its group's denominator, the school's included
    def band(grade: int | None, index: int, n: int, of: int) -> FigureRow:
        return FigureRow(
            school_year="2026-2027",
            term=1,
            metric="mark_band",
            grade=grade,
            subject="TOAN",
            band=index,
            value=n,
            denominator=of,
            population=n,
        )

    rows = [band(6, 2, 1, 3), band(6, 3, 2, 3)]
    rows += [band(7, i, n, 60) for i, n in enumerate((6, 10, 14, 18, 12))]
    rows += [band(None, 0, 6, 63), band(None, 1, 10, 63), band(None, 2, 15, 63)]
    rows += [band(None, 3, 20, 63), band(None, 4, 12, 63)]
    # when
    services.school_figures_publish(school=school_a, rows=rows)
    figures = list(
        Figure.objects.filter(
            figure_set__school=school_a, figure_set__school_year="2026-2027", figure_set__term=1
        )
    )
    # then: grade 6's 3 cannot be read as 63 − 60
    published = {f.denominator for f in figures if not f.suppressed}
    assert not ({63, 60} <= published)
    assert recoverable(figures) == []
