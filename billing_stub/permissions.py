"""Who may do what on the billing pages (root domain). Which schools they see is
tenants.selectors.school_list_for_user (their part of the authority tree, and the pilot
schools for the university monitor)."""

from dataclasses import dataclass

from accounts.models import User
from accounts.roles import Role
from tenants import selectors as tenant_selectors
from tenants.models import School


@dataclass(frozen=True)
class BillingAccess:
    may_view: bool
    is_superuser: bool
    is_operator: bool
    # Materialised paths ("01/00167/") of the operator's authority nodes.
    paths: tuple[str, ...]

    def may_manage(self, school: School) -> bool:
        """Change the school's plan, measure it, write, issue, pay or void its invoices:
        a superuser, or an operator whose node the school is under. The university monitor
        reads only."""
        if self.is_superuser:
            return True
        if not self.is_operator or school.authority is None:
            return False
        return school.authority.path.startswith(self.paths) if self.paths else False


def billing_access(*, user: User) -> BillingAccess:
    """What the user may do on the billing pages (one or two queries)."""
    if user.is_superuser:
        return BillingAccess(may_view=True, is_superuser=True, is_operator=False, paths=())
    roles = set(user.groups.values_list("name", flat=True))
    is_operator = Role.OPERATOR in roles
    paths = (
        tuple(tenant_selectors.authority_list_for_user(user=user).values_list("path", flat=True))
        if is_operator
        else ()
    )
    return BillingAccess(
        may_view=bool(roles & {Role.OPERATOR, Role.UNIVERSITY_MONITOR}),
        is_superuser=False,
        is_operator=is_operator,
        paths=paths,
    )
