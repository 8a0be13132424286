"""Who may use the operators' console and what they may do. Runs in the public schema.

Operators act on the schools under their nodes of the authority tree; the university pilot
team (UNIVERSITY_MONITOR) reads the pilot schools and acts on nothing; a superuser sees and
does everything. Everyone on the root domain must have a TOTP authenticator.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from allauth.mfa.models import Authenticator
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role
from tenants.models import Authority, School

CONSOLE_ROLES = frozenset({Role.OPERATOR.value, Role.UNIVERSITY_MONITOR.value})


def mfa_active(*, user: User) -> bool:
    """Whether `user` has an active TOTP authenticator (one query)."""
    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()


def request_mfa_active(request: HttpRequest) -> bool:
    """`mfa_active` for the request's user, asked once per request."""
    cached = getattr(request, "_console_mfa_active", None)
    if cached is None:
        cached = request.user.is_authenticated and mfa_active(user=request.user)  # type: ignore[arg-type]
        request._console_mfa_active = cached  # type: ignore[attr-defined]
    return bool(cached)


@dataclass(frozen=True)
class ConsoleActor:
    """The signed-in person as the console sees them: roles and their nodes' paths."""

    user: User
    roles: frozenset[str]
    # Materialised paths ("01/00167/") of the authority nodes the user belongs to.
    paths: tuple[str, ...]

    @property
    def is_superuser(self) -> bool:
        return bool(self.user.is_superuser)

    @property
    def is_operator(self) -> bool:
        return Role.OPERATOR.value in self.roles

    @property
    def is_monitor(self) -> bool:
        return Role.UNIVERSITY_MONITOR.value in self.roles

    @property
    def may_use_console(self) -> bool:
        return self.is_superuser or bool(self.roles & CONSOLE_ROLES)

    @property
    def may_act(self) -> bool:
        """Whether the actor may change anything at all (operators and superusers)."""
        return self.is_superuser or (self.is_operator and bool(self.paths))

    def may_act_on(self, school: School) -> bool:
        """Whether the actor may change this school: it is under one of their nodes.

        A monitor who sees a pilot school outside their nodes may not act on it.
        """
        if self.is_superuser:
            return True
        if not self.is_operator or school.authority is None:
            return False
        return any(school.authority.path.startswith(path) for path in self.paths)

    def may_use_authority(self, authority: Authority) -> bool:
        """Whether the actor may place a school under this node."""
        if self.is_superuser:
            return True
        return self.is_operator and any(authority.path.startswith(path) for path in self.paths)


def console_actor_for_user(user: User) -> ConsoleActor:
    """Load the roles and nodes of `user` in two queries."""
    roles = frozenset(user.groups.values_list("name", flat=True))
    paths = tuple(
        Authority.objects.filter(memberships__user=user)
        .order_by("path")
        .values_list("path", flat=True)
    )
    return ConsoleActor(user=user, roles=roles, paths=paths)


def console_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Console pages: a signed-in operator, monitor or superuser with TOTP, else 403.

    Sets `request.console_actor`. The MFA middleware already sends users without TOTP to set
    it up; this refuses them again so a page is never served without it.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request_mfa_active(request):
            raise PermissionDenied(_("Set up two-factor authentication first."))
        actor = console_actor_for_user(request.user)  # type: ignore[arg-type]
        if not actor.may_use_console:
            raise PermissionDenied(_("This console is for education-authority operators."))
        request.console_actor = actor  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapper


def operator_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Console pages that change something: operators and superusers only (403 otherwise).

    Apply under `console_required`.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.console_actor.may_act:  # type: ignore[attr-defined]
            raise PermissionDenied(_("Your role may read the console but not change schools."))
        return view(request, *args, **kwargs)

    return wrapper
