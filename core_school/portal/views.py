"""The family portal's pages: a guardian's children, and one child's overview.

Server-rendered, no JavaScript: parents read these on cheap phones. Anyone signed in may call
them; a child who is not theirs answers 404, as if the pupil did not exist (staff open a
pupil's record at /pupils/<id>/).
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from config.errors import ApplicationError
from core_school.attendance import services as attendance_services
from core_school.attendance.models import LeaveRequest
from core_school.communication import selectors as communication_selectors
from core_school.communication import services as communication_services
from core_school.communication.models import Thread
from core_school.people import services as people_services
from core_school.people.models import Guardian
from core_school.portal import privacy as privacy_data
from core_school.portal import selectors
from core_school.portal.types import PortalChild
from push import views as push_views


def _child_or_404(request: HttpRequest, pupil_id: int) -> PortalChild:
    """The signed-in family's child `pupil_id`; 404 for anybody else's (as if absent)."""
    found = selectors.portal_child_get(user=request.user, pupil_id=pupil_id)  # type: ignore[arg-type]
    if found is None:
        raise Http404
    return found


@login_required
def landing(request: HttpRequest) -> HttpResponse:
    """The signed-in guardian's children; with one child (or for a pupil), their page."""
    children = selectors.family_child_list(user=request.user)  # type: ignore[arg-type]
    if len(children) == 1:
        return redirect("portal:child", pupil_id=children[0].pk)
    return render(request, "portal/landing.html", {"children": children})


@login_required
def child(request: HttpRequest, pupil_id: int) -> HttpResponse:
    """One child's marks, results, attendance, behaviour notes and timetable.

    `?section=marks` (or another section) answers that section's HTML only: the open page
    swaps it in when the school pushes a change (static/js/live.js).
    """
    section = request.GET.get("section")
    if section is not None:
        # What every open page of a class asks at once when a sheet is published: the child
        # checked in one query, no family, and the section's template without the context
        # processors (navigation, roles), which it does not use.
        if section not in selectors.SECTIONS:
            raise Http404
        found = selectors.portal_section_child_get(user=request.user, pupil_id=pupil_id)  # type: ignore[arg-type]
        if found is None:
            raise Http404
        overview = selectors.child_overview_get(child=found, sections={section})
        return HttpResponse(render_to_string(f"portal/_{section}.html", {"overview": overview}))
    found = _child_or_404(request, pupil_id)
    overview = selectors.child_overview_get(child=found)
    return render(
        request, "portal/child.html", {"overview": overview, "live": push_views.live_page(request)}
    )


@login_required
def privacy(request: HttpRequest, pupil_id: int) -> HttpResponse:
    """Consents per purpose (guardians answer), who opened the record, the data download."""
    found = _child_or_404(request, pupil_id)
    if request.method == "POST":
        try:
            people_services.consent_set(
                user=request.user,  # type: ignore[arg-type]
                pupil_id=pupil_id,
                purpose=request.POST.get("purpose", ""),
                granted=request.POST.get("granted") == "yes",
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your answer is recorded."))
        return redirect("portal:privacy", pupil_id=pupil_id)
    is_guardian = Guardian.objects.filter(
        user=request.user, guardianships__pupil_id=pupil_id
    ).exists()
    return render(
        request,
        "portal/privacy.html",
        {
            "child": found,
            "consents": privacy_data.consent_rows(user=request.user, pupil=found.pupil),  # type: ignore[arg-type]
            "accesses": privacy_data.record_accesses(pupil=found.pupil),
            "is_guardian": is_guardian,
        },
    )


@login_required
def data_download(request: HttpRequest, pupil_id: int) -> HttpResponse:
    """Everything the school holds about the child, as a JSON file (guardians and the pupil)."""
    found = _child_or_404(request, pupil_id)
    response = JsonResponse(
        privacy_data.child_data_export(pupil=found.pupil),
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    response["Content-Disposition"] = f'attachment; filename="pupil-{found.pupil.national_id}.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def leave(request: HttpRequest, pupil_id: int) -> HttpResponse:
    """A guardian asks for days off for the child and follows the answers."""
    found = _child_or_404(request, pupil_id)
    if request.method == "POST":
        try:
            attendance_services.leave_request_create(
                user=request.user,
                pupil_id=pupil_id,
                first_day=datetime.date.fromisoformat(request.POST.get("first_day") or ""),
                last_day=datetime.date.fromisoformat(request.POST.get("last_day") or ""),
                reason=request.POST.get("reason", ""),
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        except ValueError:
            messages.error(request, _("Give the first and the last day."))
        else:
            messages.success(request, _("Sent to the homeroom teacher."))
        return redirect("portal:leave", pupil_id=pupil_id)
    return render(
        request,
        "portal/leave.html",
        {
            "child": found,
            "leaves": LeaveRequest.objects.filter(pupil=found.pupil).select_related("decided_by"),
            "today": timezone.localdate(),
        },
    )


@login_required
def announcements(request: HttpRequest) -> HttpResponse:
    """The school's announcements that reach this family's children."""
    items = communication_selectors.announcement_list_for_family(user=request.user)[:50]  # type: ignore[arg-type]
    return render(request, "portal/announcements.html", {"announcements": items})


@login_required
def announcement(request: HttpRequest, announcement_id: int) -> HttpResponse:
    """One announcement; opening it counts as read for its sender."""
    item = (
        communication_selectors.announcement_list_for_family(user=request.user)  # type: ignore[arg-type]
        .filter(pk=announcement_id)
        .first()
    )
    if item is None:
        raise Http404
    communication_services.announcement_mark_read(announcement=item, user=request.user)  # type: ignore[arg-type]
    return render(request, "portal/announcement.html", {"announcement": item})


@login_required
def contact_book(request: HttpRequest, pupil_id: int) -> HttpResponse:
    """A guardian's conversation with the homeroom teacher about one child."""
    found = _child_or_404(request, pupil_id)
    if request.method == "POST":
        try:
            communication_services.message_from_guardian(
                user=request.user,  # type: ignore[arg-type]
                pupil_id=pupil_id,
                body=request.POST.get("body", ""),
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        return redirect("portal:contact_book", pupil_id=pupil_id)
    item = Thread.objects.filter(pupil_id=pupil_id, guardian__user=request.user).first()
    if item is not None:
        communication_services.thread_mark_read(thread=item, by_school=False)
    return render(
        request,
        "communication/thread.html",
        {
            "pupil": found.pupil,
            "thread": item,
            "messages_list": communication_selectors.thread_messages(thread=item) if item else [],
            "by_school": False,
        },
    )
