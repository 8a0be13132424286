"""The principal's dashboard page. Runs inside the current school's schema."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from core_school.assessment.models import Level, YearOutcome
from core_school.dashboard import charts, selectors
from core_school.people.access import staff_required
from core_school.people.models import Sex

# Rows shown per at-risk list; the heading gives the full count.
AT_RISK_ROWS_SHOWN = 30


def _grade_param(value: str | None) -> int | None:
    return int(value) if value in {str(g) for g in selectors.GRADES} else None


def _bin_labels() -> list[str]:
    """The band labels ("< 3,5" … "8 – 10") with the language's decimal separator."""
    bins = [(number_format(low), number_format(high)) for low, high in selectors.BINS]
    return [
        f"< {bins[0][1]}",
        *(f"{low} – < {high}" for low, high in bins[1:-1]),
        f"{bins[-1][0]} – {bins[-1][1]}",
    ]


@staff_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Enrolment, attendance, mark distributions, pupils at risk and last year's results.

    Principal, vice-principal and school administrator only. GET ?subject=<code>&grade=<6-9>
    chooses the mark distribution (default: the first scored subject, every grade).
    """
    if not request.actor.sees_whole_school:  # type: ignore[attr-defined]
        raise PermissionDenied
    frame = selectors.frame_get(today=timezone.localdate())

    enrolment = selectors.enrolment_by_grade_and_sex(year=frame.year)
    sexes = {Sex.MALE.value: _("Boys"), Sex.FEMALE.value: _("Girls")}
    enrolment_chart = charts.hbar_chart(
        [
            (
                _("Grade %(grade)s") % {"grade": g.grade},
                [(Sex.MALE.value, g.male), (Sex.FEMALE.value, g.female)],
            )
            for g in enrolment
        ],
        names=sexes,
    )

    attendance = selectors.attendance_get(frame=frame)
    day_chart = charts.day_chart(
        [(d.date, d.excused, d.unexcused, d.pupil_sessions) for d in attendance.term_days]
    )

    subjects = selectors.scored_subject_list()
    wanted = request.GET.get("subject")
    subject = next((s for s in subjects if s.code == wanted), subjects[0] if subjects else None)
    grade = _grade_param(request.GET.get("grade"))
    distribution = selectors.mark_distribution(
        year=frame.year, term=frame.term, subject=subject, grade=grade
    )
    bin_labels = _bin_labels()
    histogram = charts.column_chart(
        [
            (label, count, f"bin{i}")
            for i, (label, count) in enumerate(zip(bin_labels, distribution.counts, strict=True))
        ]
    )

    at_risk = selectors.at_risk_get(frame=frame)

    summary = selectors.year_summary(year=frame.previous_year)
    levels = dict(Level.choices)
    level_chart = charts.hbar_chart(
        [
            (_("Learning"), list(summary.learning.items())),
            (_("Conduct"), list(summary.conduct.items())),
        ],
        full_scale=True,
        label_width=80,
        names=levels,
    )
    decisions = dict(YearOutcome.Decision.choices)
    decision_chart = charts.hbar_chart(
        [(str(decisions[d]), [(d, n)]) for d, n in summary.decisions.items() if n],
        labels_above=True,
        names=decisions,
    )

    return render(
        request,
        "dashboard/dashboard.html",
        {
            "frame": frame,
            "enrolment": enrolment,
            "enrolment_total": {
                "male": sum(g.male for g in enrolment),
                "female": sum(g.female for g in enrolment),
                "total": sum(g.total for g in enrolment),
            },
            "enrolment_chart": enrolment_chart,
            "attendance": attendance,
            "day_chart": day_chart,
            "subjects": subjects,
            "subject": subject,
            "grade": grade,
            "grades": selectors.GRADES,
            "distribution": distribution,
            "bin_labels": bin_labels,
            "histogram": histogram,
            "at_risk": at_risk,
            "rows_shown": AT_RISK_ROWS_SHOWN,
            "at_risk_threshold": at_risk.absence_threshold,
            "max_absences": at_risk.absence_limit,
            "summary": summary,
            "levels": levels,
            "level_chart": level_chart,
            "level_rows": [
                (value, name, summary.learning[value], summary.conduct[value])
                for value, name in levels.items()
            ],
            "decision_chart": decision_chart,
            "decision_rows": [
                (value, name, summary.decisions[value], summary.after_summer.get(value, ""))
                for value, name in decisions.items()
            ],
            "award_rows": [
                (value, name, summary.awards[value]) for value, name in YearOutcome.Award.choices
            ],
        },
    )
