"""Staff announcements page: post to a class, a grade or the school, see how many read."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from config.errors import ApplicationError
from core_school.academics.models import SchoolClass
from core_school.communication import selectors, services
from core_school.communication.models import Announcement
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
