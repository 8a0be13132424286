"""Template context: the signed-in person's roles in this school, for the navigation."""

from django.db import connection
from django.http import HttpRequest
from django_tenants.utils import get_public_schema_name

from accounts.roles import STAFF_ROLES, Role


def roles(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if (
        user is None
        or not user.is_authenticated
        or connection.schema_name == get_public_schema_name()
    ):
        return {}
    actor = getattr(request, "actor", None)  # set by staff_required: no second query
    names = set(actor.roles) if actor else set(user.groups.values_list("name", flat=True))
    return {
        "is_school_staff": bool(names & {r.value for r in STAFF_ROLES}),
        "is_principal": bool(names & {Role.PRINCIPAL.value, Role.VICE_PRINCIPAL.value}),
        "is_family": bool(names & {Role.PARENT.value, Role.PUPIL.value}),
    }
