"""Who may see and change what inside a school: the role rules every selector and service uses.

Model permissions (accounts.roles) say what a role may do at all; these functions narrow it to
the rows: a subject teacher to her own classes and subjects, a homeroom teacher to her class,
a guardian to their own children. Runs inside the current school's schema.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from accounts.models import User
from accounts.roles import Role
from core_school.academics.models import SchoolClass, TeachingAssignment
from core_school.people.models import StaffMember

WHOLE_SCHOOL_ROLES = frozenset({Role.PRINCIPAL, Role.VICE_PRINCIPAL, Role.SCHOOL_ADMIN})


@dataclass(frozen=True)
class Actor:
    """The signed-in person as the school's rules see them: roles, staff record, teaching."""

    user: User
    roles: frozenset[str]
    staff: StaffMember | None
    # (class id, subject id) pairs this staff member teaches, and the classes they are GVCN of.
    teaches: frozenset[tuple[int, int]] = field(default_factory=frozenset)
    homeroom_class_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def sees_whole_school(self) -> bool:
        return bool(self.roles & WHOLE_SCHOOL_ROLES)

    @property
    def is_principal(self) -> bool:
        return Role.PRINCIPAL in self.roles or Role.VICE_PRINCIPAL in self.roles

    def can_view_class(self, school_class_id: int) -> bool:
        return (
            self.sees_whole_school
            or school_class_id in self.homeroom_class_ids
            or any(class_id == school_class_id for class_id, _ in self.teaches)
        )

    def can_enter_marks(self, school_class_id: int, subject_id: int) -> bool:
        """Only the teacher assigned to the class and subject enters its marks."""
        return (school_class_id, subject_id) in self.teaches

    def can_view_marks(self, school_class_id: int, subject_id: int) -> bool:
        return (
            self.sees_whole_school
            or school_class_id in self.homeroom_class_ids
            or (school_class_id, subject_id) in self.teaches
        )

    def can_keep_register(self, school_class_id: int) -> bool:
        """Conduct and daily attendance belong to the homeroom teacher (and the office)."""
        return self.sees_whole_school or school_class_id in self.homeroom_class_ids


def actor_for_user(user: User) -> Actor:
    """Load the roles and teaching of `user` in three queries."""
    roles = frozenset(user.groups.values_list("name", flat=True))
    staff = StaffMember.objects.filter(user=user).first()
    if staff is None:
        return Actor(user=user, roles=roles, staff=None)
    teaches = frozenset(
        TeachingAssignment.objects.filter(teacher=staff)
        .order_by()
        .values_list("school_class_id", "subject_id")
    )
    homeroom = frozenset(
        SchoolClass.objects.filter(homeroom_teacher=staff).order_by().values_list("pk", flat=True)
    )
    return Actor(user=user, roles=roles, staff=staff, teaches=teaches, homeroom_class_ids=homeroom)


def staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Sign-in required; staff only (403 for guardians and pupils). Sets `request.actor`."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        actor = actor_for_user(request.user)  # type: ignore[arg-type]
        if actor.staff is None:
            raise PermissionDenied
        request.actor = actor  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapper
