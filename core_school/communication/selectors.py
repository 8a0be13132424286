"""Reads on announcements. Runs inside the current school's schema."""

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet

from accounts.models import User
from core_school.academics.models import Enrolment
from core_school.communication.models import Announcement, AnnouncementRead, Message, Thread
from core_school.people.access import Actor


def _family_pupil_filter(user: User) -> Q:
    return Q(pupil__guardianships__guardian__user=user) | Q(pupil__user=user)


def announcement_list_for_family(*, user: User) -> QuerySet[Announcement]:
    """Announcements that reach the user's children (their classes and grades this year, and
    the whole school), each with whether the user has read it."""
    current = Enrolment.objects.filter(
        _family_pupil_filter(user), ends_on__isnull=True, school_class__school_year__is_current=True
    )
    class_ids = current.values("school_class_id")
    grades = current.values("school_class__grade")
    return (
        Announcement.objects.filter(
            Q(
                audience=Announcement.Audience.SCHOOL,
            )
            | Q(audience=Announcement.Audience.GRADE, grade__in=grades)
            | Q(audience=Announcement.Audience.CLASS, school_class_id__in=class_ids)
        )
        .filter(Exists(current))
        .annotate(
            is_read=Exists(AnnouncementRead.objects.filter(announcement=OuterRef("pk"), user=user))
        )
        .select_related("author", "school_class")
    )


def announcement_list_for_staff(*, actor: Actor) -> QuerySet[Announcement]:
    """The announcements the actor sent (all of them for the office), with their read count."""
    announcements = Announcement.objects.all()
    if not actor.sees_whole_school:
        announcements = announcements.filter(author=actor.staff)
    return announcements.select_related("author", "school_class").annotate(
        read_count=Count("reads")
    )


def thread_list_for_class(*, class_id: int) -> QuerySet[Thread]:
    """The contact-book threads of a class's pupils, with their unread messages from families."""
    return (
        Thread.objects.filter(
            pupil__enrolments__school_class_id=class_id, pupil__enrolments__ends_on__isnull=True
        )
        .select_related("pupil", "guardian")
        .annotate(
            unread=Count(
                "messages",
                filter=Q(messages__from_school=False, messages__read_at__isnull=True),
            ),
            last_at=Max("messages__created_at"),
        )
        .order_by("-last_at")
    )


def thread_messages(*, thread: Thread) -> QuerySet[Message]:
    return thread.messages.select_related("author")
