"""Who may invite families: the principal and the school administrator for the whole school,
a homeroom teacher (GVCN) for her own classes. Runs inside the current school's schema."""

from accounts.roles import Role
from core_school.people.access import Actor

MANAGER_ROLES = frozenset({Role.PRINCIPAL.value, Role.SCHOOL_ADMIN.value})


def may_invite(*, actor: Actor, school_class_id: int | None) -> bool:
    """True when `actor` may invite the families of the class (None: of the whole school)."""
    if actor.staff is None:
        return False
    if actor.roles & MANAGER_ROLES:
        return True
    return school_class_id is not None and school_class_id in actor.homeroom_class_ids
