"""The pilot's series as a CSV file (UTF-8 with a byte-order mark, so Excel shows the
diacritics): one line per school (or cohort), week and figure. Headers are Vietnamese, like
the reports' exports. The health lines give the p95 (ms) in `Giá trị` and the server errors
out of the requests for the error rate.
"""

import csv
import io

from django.utils import timezone

from reporting.exports import CSV, ExportFile
from reporting.pilot_board import PilotBoard, Unit

HEADERS = [
    "Mã trường",
    "Tên trường (hoặc nhóm)",
    "Nhóm",
    "Tuần (thứ Hai)",
    "Chỉ số",
    "Giá trị",
    "Mẫu số",
    "Tỉ lệ (%)",
    "Thời điểm tính",
]
COHORT_NAMES = {"pilot": "Thí điểm", "comparison": "Đối chứng"}
P95 = "p95_ms"
ERROR_RATE = "error_rate"


def _lines(unit: Unit, board: PilotBoard) -> list[list[object]]:
    code = "" if unit.is_cohort else unit.code
    cohort = COHORT_NAMES.get(unit.cohort, "")
    lines: list[list[object]] = []
    for metric in board.metrics:
        for week, rate in sorted(unit.kpis.get(metric, {}).items()):
            computed = timezone.localtime(rate.computed_at).isoformat() if rate.computed_at else ""
            percent = "" if rate.percent is None else rate.percent
            lines.append(
                [
                    *(code, unit.name, cohort, week.isoformat(), metric),
                    *(rate.value, rate.denominator, percent, computed),
                ]
            )
    for week, health in unit.health_by_week().items():
        p95 = "" if health.p95_ms is None else round(health.p95_ms, 1)
        rate = "" if health.error_rate is None else round(health.error_rate, 2)
        lines.append([code, unit.name, cohort, week.isoformat(), P95, p95, "", "", ""])
        lines.append(
            [
                *(code, unit.name, cohort, week.isoformat(), ERROR_RATE),
                *(health.errors, health.requests, rate, ""),
            ]
        )
    return lines


def pilot_csv(board: PilotBoard, *, units: list[Unit]) -> ExportFile:
    """The units' weekly series over the board's period."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    for unit in units:
        writer.writerows(_lines(unit, board))
    period = board.period
    name = f"thi-diem-{period.start:%Y%m%d}-{period.end:%Y%m%d}"
    if len(units) == 1 and not units[0].is_cohort:
        name += f"-{units[0].code}"
    return ExportFile(
        content=out.getvalue().encode("utf-8-sig"), content_type=CSV, file_name=f"{name}.csv"
    )
