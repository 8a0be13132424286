"""The reports page, its exports and the figures API: scoped to the operator's node, read-only
for the university team, a fixed number of queries."""

import csv
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework.test import APIClient

from accounts.models import User
from console import services as console_services
from reporting import services, tasks
from reporting.models import Figure, FigureSet
from standards.models import ConformanceResult
from tenants.models import Authority, School
from tests.console.conftest import ROOT_HOST, ConsoleAs, totp_activate
from tests.console.factories import SchoolFactory

CAUGIAY, NGHIATAN = "01013501", "01013502"
# The demo's finished year (marks, levels, decisions); the current one has only just begun.
LAST_YEAR = "2025-2026"


def _codes(response) -> set[str]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.content[:300]
    return {row.code for row in response.context["report"].schools}


def _api(username: str) -> APIClient:
    user = User.objects.get(username=username)
    totp_activate(user)
    client = APIClient(HTTP_HOST=ROOT_HOST)
    client.credentials(
        HTTP_AUTHORIZATION=f"Token {console_services.operator_token_issue(user=user).key}"
    )
    return client


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("so.hanoi", {CAUGIAY, NGHIATAN}),
        ("phuong.caugiay", {CAUGIAY}),
        ("dh.giamsat", {CAUGIAY}),  # the pilot school only
    ],
)
def test_page_shows_the_schools_under_the_node(
    published: dict[str, int], console_as: ConsoleAs, username: str, expected: set[str]
) -> None:
    # when
    response = console_as(username).get(f"/reports/?school_year={LAST_YEAR}")
    # then
    assert _codes(response) == expected
    html = response.content.decode()
    assert 'data-testid="chart-enrolment"' in html
    assert 'data-testid="chart-marks"' in html
    row = next(r for r in response.context["report"].schools if r.code == CAUGIAY)
    assert row.pupils.value
    assert row.attendance.value
    assert row.computed_at
    assert ("THCS Nghĩa Tân" in html) is (NGHIATAN in expected)


def test_a_school_outside_the_node_is_not_shown_even_when_asked_for(
    published: dict[str, int], console_as: ConsoleAs
) -> None:
    client = console_as("phuong.caugiay")
    # Another node's school or node is not a valid choice: the filter is ignored.
    assert _codes(client.get(f"/reports/?school={NGHIATAN}")) == {CAUGIAY}
    assert _codes(client.get("/reports/?authority=00160")) == {CAUGIAY}
    for query in (f"school={NGHIATAN}", "authority=00160"):
        response = client.get(f"/reports/export.csv?{query}")
        assert "THCS Nghĩa Tân" not in response.content.decode("utf-8-sig")
        assert "THCS Cầu Giấy" in response.content.decode("utf-8-sig")


def test_filters_narrow_to_a_term_a_grade_and_a_node(
    published: dict[str, int], console_as: ConsoleAs
) -> None:
    client = console_as("so.hanoi")
    year = FigureSet.objects.order_by("-school_year").values_list("school_year", flat=True)[0]
    response = client.get(f"/reports/?school_year={year}&term=1&grade=6&authority=00167")
    assert _codes(response) == {CAUGIAY}
    report = response.context["report"]
    assert (report.filters.term, report.filters.grade) == (1, 6)
    assert set(report.enrolment.counts) == {6}
    assert [p.school_year for p in report.trend] == sorted(p.school_year for p in report.trend)


def test_monitor_reads_but_may_not_recompute(
    published: dict[str, int], console_as: ConsoleAs
) -> None:
    client = console_as("dh.giamsat")
    page = client.get("/reports/")
    assert 'data-testid="read-only"' in page.content.decode()
    assert 'data-testid="refresh-all"' not in page.content.decode()
    assert client.post("/reports/refresh/").status_code == 403


def test_operator_recomputes_one_school_of_theirs_not_another(
    published: dict[str, int], console_as: ConsoleAs, school_a: School
) -> None:
    client = console_as("phuong.caugiay")
    before = FigureSet.objects.get(school=school_a, school_year=LAST_YEAR, term=None)
    # Another ward's school answers 404.
    assert client.post("/reports/refresh/", {"school": NGHIATAN}).status_code == 404
    # Their own is recomputed (Celery runs eagerly in tests).
    response = client.post("/reports/refresh/", {"school": CAUGIAY}, follow=True)
    assert response.status_code == 200
    after = FigureSet.objects.get(school=school_a, school_year=LAST_YEAR, term=None)
    assert after.computed_at > before.computed_at
    assert len(list(response.context["messages"])) == 1


def test_csv_export_is_utf8_with_bom_and_vietnamese_headers(
    published: dict[str, int], console_as: ConsoleAs
) -> None:
    response = console_as("so.hanoi").get("/reports/export.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Mã trường", "Tên trường", "Đơn vị quản lý", "Số học sinh"]
    assert "Tỉ lệ chuyên cần (%)" in rows[0]
    by_code = {row[0]: row for row in rows[1:]}
    assert by_code[CAUGIAY][1] == "THCS Cầu Giấy"
    assert by_code[CAUGIAY][2] == "UBND phường Cầu Giấy"
    page = console_as("so.hanoi").get("/reports/")
    shown = next(r for r in page.context["report"].schools if r.code == CAUGIAY)
    assert by_code[CAUGIAY][3] == str(shown.pupils.value)
    assert by_code[CAUGIAY][4] == str(shown.attendance.value)


def test_xlsx_export_has_every_table(published: dict[str, int], console_as: ConsoleAs) -> None:
    response = console_as("phuong.caugiay").get("/reports/export.xlsx?term=1")
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == [
        "Các trường",
        "Sĩ số",
        "Điểm TB môn",
        "Học tập",
        "Rèn luyện",
        "Lên lớp",
        "Theo thời gian",
    ]
    rows = list(book["Các trường"].iter_rows(values_only=True))
    assert rows[0][0].startswith("Năm học ")
    assert "học kỳ 1" in rows[0][0]
    assert rows[1][:3] == ("Mã trường", "Tên trường", "Đơn vị quản lý")
    assert [row[1] for row in rows[2:]] == ["THCS Cầu Giấy"]
    levels = list(book["Học tập"].iter_rows(values_only=True))
    assert levels[1] == ("Khối", "Tốt", "Khá", "Đạt", "Chưa đạt", "Tổng")


def test_api_lists_the_figures_of_the_callers_schools(published: dict[str, int]) -> None:
    api = _api("phuong.caugiay")
    body = api.get("/api/v1/figures/?metric=enrolment").json()
    assert body["count"] > 0
    assert {row["school"] for row in body["results"]} == {CAUGIAY}
    # Another node's school or node is refused with a message, never shown.
    refused = api.get(f"/api/v1/figures/?school={NGHIATAN}")
    assert refused.status_code == 400
    assert "school" in refused.json()["extra"]["fields"]
    assert api.get("/api/v1/figures/?authority=00160").status_code == 400
    assert api.get("/api/v1/figures/schools/?authority=00160").status_code == 400
    schools = api.get("/api/v1/figures/schools/?term=1").json()
    assert [row["code"] for row in schools] == [CAUGIAY]
    assert schools[0]["attendance"]["value"] > 50


def test_api_figures_of_a_suppressed_cell_carry_no_value(published: dict[str, int]) -> None:
    rows = (
        _api("so.hanoi")
        .get(f"/api/v1/figures/?metric=mark_band&term=2&school_year={LAST_YEAR}")
        .json()["results"]
    )
    assert rows
    for row in rows:
        assert (row["value"] is None) == row["suppressed"]


def test_api_needs_an_operator(published: dict[str, int]) -> None:
    assert APIClient(HTTP_HOST=ROOT_HOST).get("/api/v1/figures/").status_code in (401, 403)


def _more_schools(authority: Authority, count: int) -> None:
    """Registry rows with published figures (no schema): the page reads only those."""
    source = list(
        Figure.objects.filter(figure_set__school__slug="caugiay").select_related("figure_set")
    )
    for school in SchoolFactory.create_batch(count, authority=authority, status=School.Status.LIVE):
        sets = {}
        for figure in source:
            key = (figure.figure_set.school_year, figure.figure_set.term)
            if key not in sets:
                sets[key] = FigureSet.objects.create(
                    school=school,
                    school_year=key[0],
                    term=key[1],
                    computed_at=figure.figure_set.computed_at,
                )
            figure.pk = None
            figure.figure_set = sets[key]
        Figure.objects.bulk_create(source)


def test_page_queries_do_not_grow_with_schools(
    published: dict[str, int],
    console_as: ConsoleAs,
    django_assert_num_queries: object,
    ward_caugiay: Authority,
) -> None:
    client = console_as("so.hanoi")
    client.get(f"/reports/?school_year={LAST_YEAR}")
    # 21 queries: the search path, the user, TOTP, roles and nodes; then the years, the
    # authorities and schools to choose from, the sets, the comparison's schools, cells of
    # the year and of the period, and data-quality scores,
    # the enrolment, marks, learning, conduct and promotion sums, the trend, and the
    # early-warning counts by rule; the subjects' names from the standard.
    with django_assert_num_queries(21):  # type: ignore[operator]
        client.get(f"/reports/?term=1&school_year={LAST_YEAR}")
    _more_schools(ward_caugiay, 10)
    client.get(f"/reports/?school_year={LAST_YEAR}")  # the host is known again
    with django_assert_num_queries(21):  # type: ignore[operator]
        response = client.get(f"/reports/?term=1&school_year={LAST_YEAR}")
    assert len(response.context["report"].schools) == 12


def test_nightly_fanout_skips_schools_not_ready_and_spreads_countdowns(
    db: None, monkeypatch: pytest.MonkeyPatch, ward_caugiay: Authority, school_a: School
) -> None:
    # given: a school still requested and a suspended one, besides the two demo schools
    SchoolFactory(authority=ward_caugiay, status=School.Status.REQUESTED)
    School.objects.filter(slug="nghiatan").update(status=School.Status.SUSPENDED)
    sent: list[tuple[int, float]] = []

    def apply_async(*, kwargs: dict[str, int], countdown: float) -> None:
        sent.append((kwargs["school_id"], countdown))

    monkeypatch.setattr(tasks.school_figures_refresh_task, "apply_async", apply_async)
    monkeypatch.setattr(tasks.random, "uniform", lambda low, high: high * 0.5)
    # when
    count = tasks.figures_refresh_fanout(spread_seconds=1800)
    # then
    assert count == len(sent) == 1
    assert sent == [(school_a.pk, 900.0)]


def test_countdowns_are_spread_over_the_period(
    db: None, monkeypatch: pytest.MonkeyPatch, ward_caugiay: Authority
) -> None:
    SchoolFactory.create_batch(20, authority=ward_caugiay, status=School.Status.LIVE)
    countdowns: list[float] = []
    monkeypatch.setattr(
        tasks.school_figures_refresh_task,
        "apply_async",
        lambda *, kwargs, countdown: countdowns.append(countdown),
    )
    assert tasks.figures_refresh_fanout(spread_seconds=600) == 22
    assert all(0 <= c <= 600 for c in countdowns)
    assert len(set(countdowns)) == 22
    assert max(countdowns) - min(countdowns) > 60


def test_the_task_does_nothing_for_a_school_no_longer_ready(
    nothing_published: None, school_b: School
) -> None:
    School.objects.filter(pk=school_b.pk).update(status=School.Status.SUSPENDED)
    assert tasks.school_figures_refresh_task(school_b.pk) == 0
    assert not FigureSet.objects.filter(school=school_b).exists()


def test_data_quality_is_the_last_conformance_score(
    published: dict[str, int], console_as: ConsoleAs, school_a: School, school_b: School
) -> None:
    # given: the school's last conformance check (platform/standards); the other school has
    # none (the demo stored one at seeding: gone, and its figures published again)
    ConformanceResult.objects.filter(school=school_b).delete()
    services.school_figures_refresh(school=school_b)
    ConformanceResult.objects.update_or_create(
        school=school_a,
        defaults={
            "version": 1,
            "checked_at": timezone.now(),
            "records": 200,
            "failing": 9,
            "score": Decimal("95.5"),
        },
    )
    # when
    response = console_as("so.hanoi").get(f"/reports/?school_year={LAST_YEAR}")
    rows = {row.code: row for row in response.context["report"].schools}
    csv_rows = list(
        csv.reader(
            io.StringIO(
                console_as("so.hanoi")
                .get(f"/reports/export.csv?school_year={LAST_YEAR}")
                .content.decode("utf-8-sig")
            )
        )
    )
    # then
    assert rows[CAUGIAY].data_quality.value == 95.5
    assert rows[NGHIATAN].data_quality.missing
    by_code = {row[0]: row for row in csv_rows[1:]}
    assert by_code[CAUGIAY][csv_rows[0].index("Chất lượng dữ liệu (%)")] == "95.5"
