"""The authority's reports (root domain, /reports/): figures the schools published.

Console users only (access.console_required: operator, university monitor or superuser, with
TOTP); each sees the schools under their nodes (the monitor: the pilot schools, read-only).
Operators may ask for fresh figures of one school or of all theirs.
"""

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from config.figures import EARLY_WARNING_RAISED, EARLY_WARNING_RESOLVED, MARK_BANDS
from console import selectors as console_selectors
from console.access import ConsoleActor, console_required, operator_required
from reporting import charts, exports, selectors, tasks
from reporting.forms import ReportFilterForm
from reporting.report import Report, report_build
from reporting.selectors import Distribution

# Schools per page of the comparison table (the exports have them all).
PAGE_SIZE = 50
# The same labels as the school's own (core_school.assessment.models), so the same catalogue.
LEVEL_LABELS = {
    "tot": _lazy("Good (Tốt)"),
    "kha": _lazy("Fairly good (Khá)"),
    "dat": _lazy("Pass (Đạt)"),
    "chua_dat": _lazy("Not yet pass (Chưa đạt)"),
}
DECISION_LABELS = {
    "promoted": _lazy("Promoted (lên lớp)"),
    "reassess": _lazy("Summer re-assessment (kiểm tra lại)"),
    "summer_training": _lazy("Summer conduct training (rèn luyện hè)"),
    "retained": _lazy("Retained (ở lại lớp)"),
    "manual": _lazy("Decided by the principal"),
}
# The early-warning rules' names, the same msgids as the school's (core_school.earlywarning).
EARLY_WARNING_RULE_LABELS = {
    "absences_14d": _lazy("Unexcused absences"),
    "subject_drop": _lazy("Drop in a subject average"),
    "conduct_notes": _lazy("Conduct incidents"),
}


def _actor(request: HttpRequest) -> ConsoleActor:
    return request.console_actor  # type: ignore[attr-defined,no-any-return]


def _report(request: HttpRequest) -> tuple[ReportFilterForm, Report]:
    actor = _actor(request)
    scope = console_selectors.school_list_for_actor(actor=actor)
    form = ReportFilterForm(
        request.GET or None,
        years=selectors.report_years(schools=scope),
        authorities=console_selectors.authority_list_for_actor(actor=actor),
        schools=scope,
    )
    return form, report_build(scope=scope, filters=form.filters())


def _chart(
    distribution: Distribution, keys: list[str], names: dict[str, Any], label: str
) -> charts.BarChart:
    rows = [
        (f"{label} {key}" if label else str(key), [(k, counts.get(k, 0)) for k in keys])
        for key, counts in distribution.counts.items()
    ]
    return charts.bar_chart(rows, names=names, full_scale=True)


@require_GET
@console_required
def report_page(request: HttpRequest) -> HttpResponse:
    """Charts and tables of the published figures, filtered; a table of schools."""
    form, report = _report(request)
    levels = list(LEVEL_LABELS)
    decisions = list(DECISION_LABELS)
    decision_names = DECISION_LABELS
    band_keys = [str(i) for i in range(len(MARK_BANDS))]
    band_names = {str(i): f"{low}–{high}" for i, (low, high) in enumerate(MARK_BANDS)}
    grade = _("Grade")
    enrolment_rows = [
        (f"{grade} {key}", [("M", counts.get("M", 0)), ("F", counts.get("F", 0))])
        for key, counts in report.enrolment.counts.items()
    ]
    query = request.GET.copy()
    query.pop("page", None)
    # The comparison shows a page of schools; the exports have them all.
    page = Paginator(report.schools, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reporting/report.html",
        {
            "actor": _actor(request),
            "form": form,
            "report": report,
            "query": request.GET.urlencode(),
            "page_query": query.urlencode(),
            "page": page,
            # Rendered as plain options: hundreds of schools through the widget templates
            # would cost more than every query of the page.
            "long_choices": ("school", "authority"),
            "band_names": band_names,
            "level_names": LEVEL_LABELS,
            "decision_names": decision_names,
            "early_warning_rows": [
                (
                    EARLY_WARNING_RULE_LABELS.get(str(rule), rule),
                    counts.get(EARLY_WARNING_RAISED, 0),
                    counts.get(EARLY_WARNING_RESOLVED, 0),
                )
                for rule, counts in report.early_warnings.counts.items()
            ],
            "enrolment_chart": charts.bar_chart(
                enrolment_rows, names={"M": _("Boys"), "F": _("Girls")}
            ),
            "marks_chart": charts.bar_chart(
                [
                    (
                        report.subject_name(subject),
                        [(f"band{k}", counts.get(k, 0)) for k in band_keys],
                    )
                    for subject, counts in report.marks.counts.items()
                ],
                names={f"band{k}": name for k, name in band_names.items()},
                full_scale=True,
                label_width=190,  # subjects' names, e.g. "Ngoại ngữ 1 (Tiếng Anh)"
            ),
            "learning_chart": _chart(report.learning, levels, LEVEL_LABELS, grade),
            "conduct_chart": _chart(report.conduct, levels, LEVEL_LABELS, grade),
            "promotion_chart": _chart(report.promotion, decisions, decision_names, grade),
            "trend_chart": charts.bar_chart(
                [
                    (
                        f"{p.school_year} {'HK' + str(p.term) if p.term else ''}".strip(),
                        [("rate", int(p.attendance.value or 0))],
                    )
                    for p in report.trend
                ],
                label_width=120,
            ),
        },
    )


def _file(export: exports.ExportFile) -> HttpResponse:
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.file_name}"'
    return response


@require_GET
@console_required
def report_csv(request: HttpRequest) -> HttpResponse:
    """The table of schools, as shown, in CSV."""
    _form, report = _report(request)
    return _file(exports.report_csv(report))


@require_GET
@console_required
def report_xlsx(request: HttpRequest) -> HttpResponse:
    """Every table of the page, as shown, in an Excel workbook."""
    _form, report = _report(request)
    return _file(exports.report_xlsx(report))


@require_POST
@console_required
@operator_required
def report_refresh(request: HttpRequest) -> HttpResponse:
    """Ask for fresh figures: one school (`school`, its code) or every school under the
    operator's nodes. Runs in the background, spread over a few seconds."""
    schools = console_selectors.school_list_actionable_for_actor(actor=_actor(request))
    code = request.POST.get("school", "")
    if code:
        schools = schools.filter(code=code)
        if not schools.exists():
            raise Http404
    count = tasks.figures_refresh_enqueue(
        schools=schools, spread_seconds=tasks.ON_DEMAND_SPREAD_SECONDS
    )
    if count:
        messages.success(
            request,
            ngettext(
                "Fresh figures were asked for %(count)d school; they appear in a few minutes.",
                "Fresh figures were asked for %(count)d schools; they appear in a few minutes.",
                count,
            )
            % {"count": count},
        )
    else:
        messages.warning(request, _("No school is ready to compute its figures."))
    target = request.POST.get("next", "")
    return redirect(f"/reports/?{target}" if target else "/reports/")
