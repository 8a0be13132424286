"""The family portal's pages: a guardian's children, and one child's overview.

Server-rendered, no JavaScript: parents read these on cheap phones. Anyone signed in may call
them; a child who is not theirs answers 404, as if the pupil did not exist (staff open a
pupil's record at /pupils/<id>/).
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from core_school.portal import selectors


@login_required
def landing(request: HttpRequest) -> HttpResponse:
    """The signed-in guardian's children; with one child (or for a pupil), their page."""
    children = selectors.family_child_list(user=request.user)  # type: ignore[arg-type]
    if len(children) == 1:
        return redirect("portal:child", pupil_id=children[0].pk)
    return render(request, "portal/landing.html", {"children": children})


@login_required
def child(request: HttpRequest, pupil_id: int) -> HttpResponse:
    """One child's marks, results, attendance, behaviour notes and timetable."""
    found = selectors.portal_child_get(user=request.user, pupil_id=pupil_id)  # type: ignore[arg-type]
    if found is None:
        raise Http404
    overview = selectors.child_overview_get(child=found, user=request.user)  # type: ignore[arg-type]
    return render(request, "portal/child.html", {"overview": overview})
