"""Staff announcements page: post to a class, a grade or the school, see how many read."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from config.errors import ApplicationError
from core_school.academics.models import SchoolClass
from core_school.communication import selectors, services
from core_school.communication.models import Announcement, Thread
from core_school.people.access import staff_required


@staff_required
def announcements(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    if request.method == "POST":
        try:
            services.announcement_post(
                actor=actor,
                audience=request.POST.get("audience", ""),
                grade=int(request.POST["grade"]) if request.POST.get("grade") else None,
                school_class_id=int(request.POST["school_class"])
                if request.POST.get("school_class")
                else None,
                title=request.POST.get("title", ""),
                body=request.POST.get("body", ""),
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Announcement posted."))
        return redirect("communication:announcements")
    classes = SchoolClass.objects.filter(school_year__is_current=True).order_by("grade", "name")
    if not actor.sees_whole_school:
        classes = classes.filter(pk__in=actor.homeroom_class_ids)
    return render(
        request,
        "communication/announcements.html",
        {
            "announcements": selectors.announcement_list_for_staff(actor=actor)[:100],
            "classes": classes,
            "audiences": Announcement.Audience.choices
            if actor.sees_whole_school
            else [(Announcement.Audience.CLASS, Announcement.Audience.CLASS.label)],
            "grades": [6, 7, 8, 9],
        },
    )


@staff_required
def class_threads(request: HttpRequest, class_id: int) -> HttpResponse:
    """The homeroom teacher's contact book: one thread per guardian and pupil of her class."""
    actor = request.actor  # type: ignore[attr-defined]
    if not actor.can_keep_register(class_id):
        raise Http404
    school_class = get_object_or_404(SchoolClass, pk=class_id)
    return render(
        request,
        "communication/class_threads.html",
        {
            "school_class": school_class,
            "threads": selectors.thread_list_for_class(class_id=class_id),
        },
    )


@staff_required
def thread(request: HttpRequest, thread_id: int) -> HttpResponse:
    """One conversation; opening it marks the family's messages as read."""
    actor = request.actor  # type: ignore[attr-defined]
    item = get_object_or_404(Thread.objects.select_related("pupil", "guardian"), pk=thread_id)
    if not services.thread_may_answer(actor=actor, thread=item):
        raise Http404
    if request.method == "POST":
        try:
            services.message_from_school(
                actor=actor, thread=item, body=request.POST.get("body", "")
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        return redirect("communication:thread", thread_id=thread_id)
    services.thread_mark_read(thread=item, by_school=True)
    return render(
        request,
        "communication/thread.html",
        {
            "thread": item,
            "pupil": item.pupil,
            "messages_list": selectors.thread_messages(thread=item),
            "by_school": True,
        },
    )
