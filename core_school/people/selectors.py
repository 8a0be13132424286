"""Reads on the school's people. Runs inside the current school's schema."""

from django.db.models import Prefetch, QuerySet

from accounts.models import User
from core_school.academics.models import Enrolment
from core_school.people.models import Pupil, StaffMember


def pupil_list_for_guardian(*, user: User) -> QuerySet[Pupil]:
    """The children of the guardian signed in as `user`, with their current class."""
    return (
        Pupil.objects.filter(guardianships__guardian__user=user)
        .prefetch_related(
            Prefetch(
                "enrolments",
                queryset=Enrolment.objects.filter(ends_on__isnull=True).select_related(
                    "school_class"
                ),
                to_attr="open_enrolments",
            )
        )
        .order_by("birth_date", "pk")
    )


def staff_get_for_user(*, user: User) -> StaffMember | None:
    return StaffMember.objects.filter(user=user).first()
