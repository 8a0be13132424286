"""Who imports and exports the school's lists: the principal and the school administrator.
Runs inside the current school's schema."""

from accounts.roles import Role
from core_school.people.access import Actor

IMPORT_ROLES = frozenset({Role.PRINCIPAL.value, Role.SCHOOL_ADMIN.value})


def may_import(*, actor: Actor) -> bool:
    """True when `actor` may import lists into the school and export them."""
    return actor.staff is not None and bool(actor.roles & IMPORT_ROLES)
