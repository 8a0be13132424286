"""A school's home page: what each signed-in person needs first."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.roles import STAFF_ROLES, Role
from core_school.attendance import selectors as attendance_selectors
from core_school.home import selectors
from core_school.people import selectors as people_selectors
from core_school.people.access import actor_for_user
from core_school.teaching import selectors as teaching_selectors
from core_school.teaching.models import StaffTask


def home(request: HttpRequest) -> HttpResponse:
    context: dict[str, object] = {}
    user = request.user
    if user.is_authenticated:
        actor = actor_for_user(user)  # type: ignore[arg-type]
        request.actor = actor  # type: ignore[attr-defined]
        context["roles"] = [Role(role).label for role in Role if role in actor.roles]
        if actor.roles & {role.value for role in STAFF_ROLES} and actor.staff:
            context["figures"] = selectors.school_figures()
            context["staff"] = actor.staff
            context["registers_missing"] = attendance_selectors.classes_missing_register(
                actor=actor, date=timezone.localdate()
            )
            context["homeroom_class_ids"] = sorted(actor.homeroom_class_ids)
            context["tasks"] = list(
                teaching_selectors.task_list_for_actor(actor=actor)
                .filter(assignee=actor.staff)
                .exclude(status=StaffTask.Status.DONE)[:10]
            )
        if Role.PARENT in actor.roles:
            context["children"] = list(people_selectors.pupil_list_for_guardian(user=user))
    return render(request, "home/home.html", context)
