"""The evaluation report (PDF): one click, Vietnamese that reads back exactly, the numbers of
the board, the monitor's schools only, page numbers."""

import re

from config.pilot import DATA_QUALITY, KPI_METRICS
from reporting.pilot_report import METRIC_NAMES, number, signed
from tests.console.conftest import ConsoleAs
from tests.core_school.reports.pdf_text import pdf_text
from tests.reporting.pilot_data import PERIOD, Planted, kpi_value


def _report(console_as: ConsoleAs, username: str) -> tuple[bytes, str]:
    response = console_as(username).get(f"/pilot/report.pdf?{PERIOD}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline; filename=")
    return response.content, "\n".join(pdf_text(response.content))


def _rate(pairs: list[tuple[int, int]]) -> float:
    return round(100 * sum(v for v, _ in pairs) / sum(d for _, d in pairs), 1)


def test_report_is_a_pdf_with_dejavu_embedded_and_vietnamese_headings(
    planted: Planted, console_as: ConsoleAs
) -> None:
    # when
    pdf, text = _report(console_as, "so.hanoi")
    # then
    assert pdf.startswith(b"%PDF-")
    assert re.search(rb"/BaseFont /[A-Z]{6}\+DejaVuSans", pdf)
    assert b"/FontFile2" in pdf
    assert "BÁO CÁO ĐÁNH GIÁ THÍ ĐIỂM" in text
    assert "Kỳ đánh giá: từ 01/01/2024 đến 10/03/2024" in text
    assert "Thời điểm lập báo cáo:" in text
    assert "1. So sánh nhóm thí điểm và nhóm đối chứng" in text
    assert "2. Từng trường thí điểm" in text
    assert "Nhóm đối chứng" in text
    assert METRIC_NAMES[DATA_QUALITY] in text
    assert "Thời gian phản hồi p95 (ms)" in text
    assert "Các mốc triển khai" in text
    pages = int(re.search(rb"/Count (\d+)", pdf).group(1))  # type: ignore[union-attr]
    # "Trang n/" and the total (fpdf2's alias, drawn as a run of its own)
    numbers = re.findall(r"Trang (\d+)/\n?(\d+)", text)
    assert numbers == [(str(page), str(pages)) for page in range(1, pages + 1)]


def test_report_numbers_are_baseline_and_now_of_the_planted_rows(
    planted: Planted, console_as: ConsoleAs
) -> None:
    # given: the second pilot school has data from its third week (weeks 2..9)
    metric_index = KPI_METRICS.index(DATA_QUALITY)
    baseline = _rate([kpi_value(1, w, metric_index) for w in (2, 3, 4, 5)])
    now = _rate([kpi_value(1, w, metric_index) for w in (6, 7, 8, 9)])
    # when
    _pdf, text = _report(console_as, "so.hanoi")
    # then: its section has the KPI's line: name, baseline, now, change, weeks with data
    section = text.split(f"{planted.pilot_there.name} ({planted.pilot_there.code})")[1]
    runs = section.split("\n")
    at = runs.index(METRIC_NAMES[DATA_QUALITY])
    assert runs[at + 1 : at + 5] == [
        number(baseline),
        number(now),
        signed(round(now - baseline, 1)),
        "8",
    ]


def test_monitor_report_has_pilot_schools_and_the_comparison_cohort_only(
    planted: Planted, console_as: ConsoleAs
) -> None:
    _pdf, text = _report(console_as, "dh.giamsat")
    assert planted.pilot_here.name in text
    assert planted.pilot_there.name in text
    # the comparison schools are named among the schools included, not reported one by one
    assert f"{planted.comparison_here.name} ({planted.comparison_here.code})" not in text
    assert "3. Từng trường đối chứng" not in text
    assert planted.outside.name not in text


def test_operator_report_is_their_node_only(planted: Planted, console_as: ConsoleAs) -> None:
    _pdf, text = _report(console_as, "phuong.caugiay")
    assert planted.pilot_here.name in text
    assert f"{planted.comparison_here.name} ({planted.comparison_here.code})" in text
    assert planted.pilot_there.name not in text
    assert planted.comparison_there.name not in text
    assert planted.outside.name not in text
