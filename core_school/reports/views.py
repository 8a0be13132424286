"""Report pages and downloads: the index, a class's reports, report cards (PDF) and class
summaries (Excel). Runs inside the current school's schema.

Anyone signed in may call these; what they get depends on who they are (permissions.py). A
report the person may not open answers 404, as if it did not exist.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.roles import Role
from core_school.academics.models import SchoolYear, Term
from core_school.people import services as people_services
from core_school.people.access import actor_for_user
from core_school.people.models import Pupil, RecordAccess
from core_school.reports import downloads, permissions, selectors, wording
from core_school.reports.class_summary import class_summary_xlsx
from core_school.reports.report_card import report_card_pdf


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The classes whose reports the person may open; for a guardian or pupil, their own
    report cards."""
    actor = actor_for_user(request.user)  # type: ignore[arg-type]
    request.actor = actor  # type: ignore[attr-defined]
    classes = (
        selectors.class_list_for_actor(actor=actor)
        if actor.staff is not None or actor.sees_whole_school
        else []
    )
    own = selectors.own_report_cards(actor=actor) if actor.roles & {Role.PARENT, Role.PUPIL} else []
    return render(request, "reports/index.html", {"classes": classes, "own_cards": own})


@login_required
def class_detail(request: HttpRequest, class_id: int) -> HttpResponse:
    """A class's pupils with their report cards, and its summary sheets."""
    actor = actor_for_user(request.user)  # type: ignore[arg-type]
    request.actor = actor  # type: ignore[attr-defined]
    school_class = selectors.school_class_get(class_id=class_id)
    if school_class is None or not actor.can_view_class(school_class.pk):
        raise Http404
    return render(
        request,
        "reports/class_detail.html",
        {
            "school_class": school_class,
            "pupils": selectors.class_pupils(school_class=school_class),
            "terms": list(selectors.terms_of_year(school_year=school_class.school_year).values()),
            "may_download_summary": permissions.may_download_class_summary(
                actor=actor, school_class=school_class
            ),
        },
    )


@login_required
def report_card(request: HttpRequest, pupil_id: int, year_id: int) -> HttpResponse:
    """A pupil's report card for a school year, as a PDF shown in the browser."""
    actor = actor_for_user(request.user)  # type: ignore[arg-type]
    pupil = Pupil.objects.filter(pk=pupil_id).first()
    school_year = SchoolYear.objects.filter(pk=year_id).first()
    if pupil is None or school_year is None:
        raise Http404
    classes = selectors.pupil_classes_in_year(pupil_id=pupil.pk, school_year=school_year)
    if not classes or not permissions.may_view_report_card(
        actor=actor, pupil=pupil, classes=classes
    ):
        raise Http404
    if actor.staff is not None:
        people_services.record_access_log(
            actor=actor, pupil_id=pupil.pk, kind=RecordAccess.Kind.REPORT_CARD
        )
    return downloads.file_response(
        report_card_pdf(pupil=pupil, school_year=school_year),
        content_type=downloads.PDF,
        filename=f"Phiếu báo kết quả - {pupil.full_name} - {classes[0].name} - "
        f"{school_year.name}.pdf",
        inline=True,
    )


@login_required
def class_summary(request: HttpRequest, class_id: int) -> HttpResponse:
    """A class's summary sheet (.xlsx) for `?term=<id>`, or for the year without it."""
    actor = actor_for_user(request.user)  # type: ignore[arg-type]
    school_class = selectors.school_class_get(class_id=class_id)
    if school_class is None or not permissions.may_download_class_summary(
        actor=actor, school_class=school_class
    ):
        raise Http404
    term_id = request.GET.get("term", "")
    period: SchoolYear | Term = school_class.school_year
    if term_id:
        term = (
            Term.objects.filter(pk=term_id, school_year=school_class.school_year).first()
            if term_id.isdigit()
            else None
        )
        if term is None:
            raise Http404
        period = term
    label = wording.TERM_LABELS[period.number if isinstance(period, Term) else None]
    return downloads.file_response(
        class_summary_xlsx(school_class=school_class, school_year_or_term=period),
        content_type=downloads.XLSX,
        filename=f"Tổng hợp kết quả - Lớp {school_class.name} - {label} - "
        f"{school_class.school_year.name}.xlsx",
        inline=False,
    )
