"""Classes, timetables, transfers and the year rollover."""

import datetime

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from config.errors import ApplicationError
from core_school.academics import selectors, services
from core_school.academics.models import SchoolClass, SchoolYear, TimetableSlot
from core_school.people.access import staff_required
from core_school.people.models import Pupil, StaffMember
from core_school.standard.selectors import rules_config


@staff_required
def class_list(request: HttpRequest) -> HttpResponse:
    year = SchoolYear.objects.filter(is_current=True).first()
    classes = (
        selectors.class_list_for_actor(actor=request.actor, year=year)  # type: ignore[attr-defined]
        if year
        else []
    )
    return render(
        request,
        "academics/class_list.html",
        # The adopted standard's class size: no class may go above it (DOMAIN.md §3.3).
        {"classes": classes, "year": year, "max_class_size": rules_config().max_class_size},
    )


@staff_required
def class_detail(request: HttpRequest, class_id: int) -> HttpResponse:
    school_class = get_object_or_404(
        SchoolClass.objects.select_related("school_year", "homeroom_teacher"), pk=class_id
    )
    actor = request.actor  # type: ignore[attr-defined]
    if not actor.can_view_class(school_class.pk):
        raise Http404
    if request.method == "POST":
        try:
            result = services.pupil_transfer(
                pupil=get_object_or_404(Pupil, pk=int(request.POST.get("pupil") or 0)),
                to_class=get_object_or_404(SchoolClass, pk=int(request.POST.get("to_class") or 0)),
                on_date=datetime.date.fromisoformat(request.POST.get("on_date") or ""),
                actor=actor,
            )
        except (ApplicationError, ValueError) as error:
            messages.error(request, getattr(error, "message", _("Give a valid date.")))
        else:
            messages.success(request, _("Pupil moved."))
            if result.warning:
                messages.warning(request, result.warning)
        return redirect("academics:class_detail", class_id=class_id)
    enrolments = selectors.class_pupils(school_class=school_class)
    return render(
        request,
        "academics/class_detail.html",
        {
            "school_class": school_class,
            "enrolments": enrolments,
            "current_size": sum(1 for e in enrolments if e.ends_on is None),
            "timetable": selectors.class_timetable(school_class=school_class),
            "weekdays": TimetableSlot.Weekday.choices,
            "other_classes": SchoolClass.objects.filter(school_year=school_class.school_year)
            .exclude(pk=class_id)
            .order_by("grade", "name"),
            "can_move": actor.sees_whole_school,
        },
    )


@staff_required
def teacher_timetable(request: HttpRequest, staff_id: int | None = None) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    staff = get_object_or_404(StaffMember, pk=staff_id) if staff_id else actor.staff
    if staff.pk != actor.staff.pk and not actor.sees_whole_school:
        raise Http404
    return render(
        request,
        "academics/teacher_timetable.html",
        {
            "staff": staff,
            "timetable": selectors.teacher_timetable(staff_id=staff.pk),
            "weekdays": TimetableSlot.Weekday.choices,
        },
    )


@staff_required
def rollover(request: HttpRequest) -> HttpResponse:
    """Open the next school year (principal)."""
    actor = request.actor  # type: ignore[attr-defined]
    if not actor.is_principal:
        raise Http404
    current = SchoolYear.objects.filter(is_current=True).first()
    if request.method == "POST" and current:
        try:
            result = services.year_rollover(
                from_year=current,
                starts_on=datetime.date.fromisoformat(request.POST.get("starts_on") or ""),
                ends_on=datetime.date.fromisoformat(request.POST.get("ends_on") or ""),
                actor=actor,
            )
        except (ApplicationError, ValueError) as error:
            messages.error(request, getattr(error, "message", _("Give valid dates.")))
        else:
            messages.success(
                request,
                _(
                    "%(year)s opened: %(p)s promoted, %(r)s retained, %(g)s graduated, "
                    "%(c)s classes."
                )
                % {
                    "year": result.school_year.name,
                    "p": result.promoted,
                    "r": result.retained,
                    "g": result.graduated,
                    "c": result.classes,
                },
            )
            return redirect("academics:class_list")
    next_start = datetime.date(current.starts_on.year + 1, 9, 5) if current else None
    return render(
        request,
        "academics/rollover.html",
        {
            "current": current,
            "next_start": next_start,
            "next_end": datetime.date(next_start.year + 1, 5, 31) if next_start else None,
        },
    )
