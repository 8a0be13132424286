"""Read-side notifications."""

from accounts.models import User
from core_school.notifications.models import Notification, Preference


def inbox_list(*, user: User, limit: int) -> list[Notification]:
    return list(
        Notification.objects.filter(user=user)
        .select_related("pupil")
        .order_by("-created_at", "-pk")[:limit]
    )


def unread_count(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def preference_get(*, user: User) -> Preference:
    """The user's saved choices, or the defaults (unsaved)."""
    return Preference.objects.filter(user=user).first() or Preference(user=user)
