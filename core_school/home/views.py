"""A school's home page: what each signed-in person needs first."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.roles import STAFF_ROLES, Role
from core_school.home import selectors
from core_school.people import selectors as people_selectors


def home(request: HttpRequest) -> HttpResponse:
    context: dict[str, object] = {}
    user = request.user
    if user.is_authenticated:
        roles = set(user.groups.values_list("name", flat=True))
        context["roles"] = [Role(role).label for role in Role if role in roles]
        if roles & {role.value for role in STAFF_ROLES}:
            context["figures"] = selectors.school_figures()
            context["staff"] = people_selectors.staff_get_for_user(user=user)
        if Role.PARENT in roles:
            context["children"] = list(people_selectors.pupil_list_for_guardian(user=user))
    return render(request, "home/home.html", context)
