"""The reports name subjects in the page's language, from the current published standard's
catalogue (one query for the whole catalogue, whatever the number of subjects)."""

import io

import pytest
from openpyxl import load_workbook

from tests.console.conftest import ConsoleAs

LAST_YEAR = "2025-2026"


@pytest.mark.parametrize(
    ("language", "maths", "physical"),
    [
        ("vi", "Toán", "Giáo dục thể chất"),
        ("en", "Mathematics", "Physical education"),
        ("fr", "Mathématiques", "Éducation physique"),
    ],
)
def test_the_page_and_the_workbook_name_subjects_in_the_page_language(
    published: dict[str, int], console_as: ConsoleAs, language: str, maths: str, physical: str
) -> None:
    # given
    client = console_as("so.hanoi")
    # when
    response = client.get(f"/reports/?school_year={LAST_YEAR}", HTTP_ACCEPT_LANGUAGE=language)
    workbook = client.get(
        f"/reports/export.xlsx?school_year={LAST_YEAR}", HTTP_ACCEPT_LANGUAGE=language
    )
    # then: the marks chart's rows are the scored subjects' names, not their codes
    page = response.content.decode()
    chart = page[page.index('data-testid="chart-marks"') :]
    chart = chart[: chart.index("</svg>")]
    assert maths in chart
    assert ">TOAN<" not in chart
    assert physical not in chart  # a comment-only subject has no averages
    sheet = load_workbook(io.BytesIO(workbook.content), read_only=True)["Điểm TB môn"]
    subjects = [row[0] for row in list(sheet.iter_rows(values_only=True))[2:]]
    assert maths in subjects
    assert "TOAN" not in subjects
