"""The class logbook (sổ đầu bài) and staff tasks pages."""

import datetime

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from config.errors import ApplicationError
from core_school.academics.models import Enrolment, SchoolClass
from core_school.people.access import staff_required
from core_school.people.models import StaffMember
from core_school.people.names import name_sort_key
from core_school.teaching import selectors, services
from core_school.teaching.models import StaffTask


def _day(text: str | None) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text) if text else timezone.localdate()
    except ValueError:
        return timezone.localdate()


@staff_required
def logbook(request: HttpRequest, class_id: int) -> HttpResponse:
    """One week of a class's logbook; each teacher records her own periods."""
    school_class = get_object_or_404(SchoolClass.objects.select_related("school_year"), pk=class_id)
    actor = request.actor  # type: ignore[attr-defined]
    if not actor.can_view_class(school_class.pk):
        raise Http404
    monday = selectors.week_start(_day(request.GET.get("week") or request.POST.get("date")))
    if request.method == "POST":
        date = _day(request.POST.get("date"))
        try:
            services.logbook_record(
                school_class=school_class,
                date=date,
                period=int(request.POST.get("period") or 0),
                lesson_id=int(request.POST.get("lesson") or 0) or None,
                lesson_title=request.POST.get("lesson_title", ""),
                absent_pupil_ids=[int(p) for p in request.POST.getlist("absent")],
                remark=request.POST.get("remark", ""),
                actor=actor,
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Lesson recorded."))
        return redirect(f"{reverse('teaching:logbook', args=[class_id])}?week={monday}")
    pupils = sorted(
        Enrolment.objects.filter(school_class=school_class, ends_on__isnull=True).values_list(
            "pupil_id", "pupil__full_name"
        ),
        key=lambda row: name_sort_key(row[1]),
    )
    return render(
        request,
        "teaching/logbook.html",
        {
            "school_class": school_class,
            "week": selectors.logbook_week(school_class=school_class, monday=monday),
            "monday": monday,
            "previous_week": monday - datetime.timedelta(days=7),
            "next_week": monday + datetime.timedelta(days=7),
            "today": timezone.localdate(),
            "pupils": pupils,
            "my_staff_id": getattr(actor.staff, "pk", None),
            "sees_whole_school": actor.sees_whole_school,
        },
    )


@staff_required
def logbook_missing(request: HttpRequest) -> HttpResponse:
    """The principal's view of periods not yet recorded (this week and last)."""
    actor = request.actor  # type: ignore[attr-defined]
    if not actor.sees_whole_school:
        raise Http404
    today = timezone.localdate()
    first = selectors.week_start(today) - datetime.timedelta(days=7)
    missing = selectors.logbook_missing(first=first, last=today - datetime.timedelta(days=1))
    return render(request, "teaching/logbook_missing.html", {"missing": missing, "first": first})


@staff_required
def tasks(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    if request.method == "POST":
        try:
            if request.POST.get("task"):
                task = get_object_or_404(StaffTask, pk=int(request.POST["task"]))
                services.task_set_status(
                    task=task, status=request.POST.get("status", ""), actor=actor
                )
            else:
                services.task_create(
                    title=request.POST.get("title", ""),
                    description=request.POST.get("description", ""),
                    assignee_id=int(request.POST.get("assignee") or 0),
                    due_on=_day(request.POST.get("due_on")),
                    actor=actor,
                )
        except ApplicationError as error:
            messages.error(request, error.message)
        return redirect("teaching:tasks")
    return render(
        request,
        "teaching/tasks.html",
        {
            "tasks": selectors.task_list_for_actor(actor=actor),
            "staff": StaffMember.objects.order_by("full_name") if actor.sees_whole_school else [],
            "statuses": StaffTask.Status.choices,
            "can_assign": actor.sees_whole_school,
        },
    )
