"""Attendance, conduct and behaviour-note pages for homeroom teachers and the office."""

import datetime

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from config.errors import ApplicationError
from core_school.academics.models import SchoolClass, SchoolYear, Term
from core_school.assessment.models import Level
from core_school.attendance import selectors, services
from core_school.attendance.models import Absence, BehaviourNote, LeaveRequest, Session
from core_school.people.access import staff_required


def _class_or_404(request: HttpRequest, class_id: int, *, keep: bool = True) -> SchoolClass:
    school_class = get_object_or_404(
        SchoolClass.objects.select_related("school_year", "homeroom_teacher"), pk=class_id
    )
    actor = request.actor  # type: ignore[attr-defined]
    allowed = (
        actor.can_keep_register(school_class.pk) if keep else actor.can_view_class(school_class.pk)
    )
    if not allowed:
        raise Http404
    return school_class


@staff_required
def class_list(request: HttpRequest) -> HttpResponse:
    year = SchoolYear.objects.filter(is_current=True).first()
    classes = (
        selectors.class_list_for_registers(actor=request.actor, year=year)  # type: ignore[attr-defined]
        if year
        else []
    )
    return render(request, "attendance/class_list.html", {"classes": classes, "year": year})


def _parse_date(text: str | None) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text) if text else timezone.localdate()
    except ValueError:
        return timezone.localdate()


@staff_required
def register(request: HttpRequest, class_id: int) -> HttpResponse:
    """Take (or correct) a class's register: everyone is present unless marked."""
    school_class = _class_or_404(request, class_id)
    date = _parse_date(request.GET.get("date") or request.POST.get("date"))
    session = request.GET.get("session") or request.POST.get("session") or Session.MORNING
    if request.method == "POST":
        entries = []
        for key, status in request.POST.items():
            if key.startswith("status-") and status:
                pupil_id = int(key.removeprefix("status-"))
                entries.append(
                    services.AbsenceEntry(
                        pupil_id=pupil_id,
                        status=status,
                        reason=request.POST.get(f"reason-{pupil_id}", ""),
                    )
                )
        try:
            services.register_take(
                school_class=school_class,
                date=date,
                session=session,
                absences=entries,
                actor=request.actor,  # type: ignore[attr-defined]
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Register of %(class)s saved: %(n)s not present.")
                % {"class": school_class.name, "n": len(entries)},
            )
            return redirect(
                f"{reverse('attendance:register', args=[class_id])}?date={date}&session={session}"
            )
    taken, rows = selectors.register_rows(school_class=school_class, date=date, session=session)
    return render(
        request,
        "attendance/register.html",
        {
            "school_class": school_class,
            "date": date,
            "session": session,
            "sessions": Session.choices,
            "register": taken,
            "rows": rows,
            "statuses": Absence.Status.choices,
            "previous_day": date - datetime.timedelta(days=1),
            "next_day": date + datetime.timedelta(days=1),
            "today": timezone.localdate(),
        },
    )


@staff_required
def conduct(request: HttpRequest, class_id: int, term_id: int) -> HttpResponse:
    school_class = _class_or_404(request, class_id)
    term = get_object_or_404(Term.objects.select_related("school_year"), pk=term_id)
    if request.method == "POST":
        grades = [
            services.ConductEntry(
                pupil_id=int(key.removeprefix("level-")),
                level=value,
                comment=request.POST.get(f"comment-{key.removeprefix('level-')}", ""),
            )
            for key, value in request.POST.items()
            if key.startswith("level-")
        ]
        try:
            count = services.conduct_set(
                school_class=school_class,
                term=term,
                grades=grades,
                actor=request.actor,  # type: ignore[attr-defined]
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Conduct saved (%(n)s changed).") % {"n": count})
            return redirect("attendance:conduct", class_id=class_id, term_id=term_id)
    return render(
        request,
        "attendance/conduct.html",
        {
            "school_class": school_class,
            "term": term,
            "rows": selectors.conduct_rows(school_class=school_class, term=term),
            "levels": Level.choices,
        },
    )


@staff_required
def notes(request: HttpRequest, class_id: int) -> HttpResponse:
    school_class = _class_or_404(request, class_id, keep=False)
    if request.method == "POST":
        try:
            services.behaviour_note_create(
                school_class=school_class,
                pupil_id=int(request.POST.get("pupil") or 0),
                kind=request.POST.get("kind", ""),
                text=request.POST.get("text", ""),
                actor=request.actor,  # type: ignore[attr-defined]
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Note saved."))
            return redirect("attendance:notes", class_id=class_id)
    _taken, rows = selectors.register_rows(
        school_class=school_class, date=timezone.localdate(), session=Session.MORNING
    )
    return render(
        request,
        "attendance/notes.html",
        {
            "school_class": school_class,
            "pupils": rows,
            "kinds": BehaviourNote.Kind.choices,
            "notes": selectors.behaviour_note_list(school_class=school_class),
        },
    )


@staff_required
def leave_requests(request: HttpRequest, class_id: int) -> HttpResponse:
    """The homeroom teacher's leave requests for her class: approve or decline."""
    school_class = _class_or_404(request, class_id)
    if request.method == "POST":
        leave = get_object_or_404(LeaveRequest, pk=int(request.POST.get("leave") or 0))
        try:
            services.leave_request_decide(
                leave=leave,
                approve=request.POST.get("decision") == "approve",
                note=request.POST.get("note", ""),
                actor=request.actor,  # type: ignore[attr-defined]
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        return redirect("attendance:leave_requests", class_id=class_id)
    return render(
        request,
        "attendance/leave_requests.html",
        {
            "school_class": school_class,
            "leaves": selectors.leave_request_list_for_class(school_class=school_class),
        },
    )
