"""Write-side announcements. Runs inside the current school's schema."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from config.errors import ApplicationError
from core_school.academics.models import Enrolment, SchoolClass
from core_school.communication.models import Announcement, AnnouncementRead, Message, Thread
from core_school.notifications import events
from core_school.people.access import Actor
from core_school.people.models import Guardian


class AnnouncementPermissionError(ApplicationError):
    """Not allowed to write this announcement or message."""

    status_code = 403


@transaction.atomic(durable=True)
def announcement_post(
    *,
    actor: Actor,
    audience: str,
    grade: int | None,
    school_class_id: int | None,
    title: str,
    body: str,
) -> Announcement:
    """Post an announcement: the office to anyone, a homeroom teacher to her own class.

    Raises ApplicationError for a missing title or text, an unknown audience, a grade outside
    6–9 or a class of another year.
    """
    if actor.staff is None:
        raise AnnouncementPermissionError(_("Only staff post announcements."))
    if audience not in Announcement.Audience.values:
        raise ApplicationError(_("Choose who the announcement is for."), {"field": "audience"})
    if not title.strip():
        raise ApplicationError(_("Give the announcement a title."), {"field": "title"})
    if not body.strip():
        raise ApplicationError(_("Write the announcement."), {"field": "body"})
    school_class = None
    if audience == Announcement.Audience.CLASS:
        school_class = SchoolClass.objects.filter(
            pk=school_class_id, school_year__is_current=True
        ).first()
        if school_class is None:
            raise ApplicationError(
                _("Choose a class of this school year."), {"field": "school_class"}
            )
        if not actor.can_keep_register(school_class.pk):
            raise AnnouncementPermissionError(
                _("Only the homeroom teacher of %(class)s writes to it.")
                % {"class": school_class.name}
            )
    elif not actor.sees_whole_school:
        raise AnnouncementPermissionError(
            _("Only the principal or the office writes to a grade or the whole school.")
        )
    if audience == Announcement.Audience.GRADE and grade not in (6, 7, 8, 9):
        raise ApplicationError(_("Choose a grade from 6 to 9."), {"field": "grade"})
    announcement = Announcement.objects.create(
        audience=audience,
        grade=grade if audience == Announcement.Audience.GRADE else None,
        school_class=school_class,
        title=title.strip(),
        body=body.strip(),
        author=actor.staff,
    )
    events.announcement_posted(announcement=announcement)
    return announcement


def announcement_mark_read(*, announcement: Announcement, user: User) -> None:
    """Note that a family member opened the announcement (once; later openings change nothing)."""
    try:
        with transaction.atomic():
            AnnouncementRead.objects.create(announcement=announcement, user=user)
    except IntegrityError:
        pass


MAX_MESSAGE_LENGTH = 2000


def _check_body(body: str) -> str:
    text = body.strip()
    if not text:
        raise ApplicationError(_("Write the message."), {"field": "body"})
    if len(text) > MAX_MESSAGE_LENGTH:
        raise ApplicationError(
            _("A message has at most %(n)s characters.") % {"n": MAX_MESSAGE_LENGTH},
            {"field": "body"},
        )
    return text


@transaction.atomic(durable=True)
def message_from_guardian(*, user: User, pupil_id: int, body: str) -> Message:
    """A guardian writes to the school about their child (the thread opens on first message)."""
    guardian = Guardian.objects.filter(user=user, guardianships__pupil_id=pupil_id).first()
    if guardian is None:
        raise AnnouncementPermissionError(
            _("Only the child's guardians write in their contact book.")
        )
    text = _check_body(body)
    thread, _created = Thread.objects.get_or_create(pupil_id=pupil_id, guardian=guardian)
    message = Message.objects.create(thread=thread, author=user, from_school=False, body=text)
    events.message_posted(message=message)
    return message


@transaction.atomic(durable=True)
def message_from_school(*, actor: Actor, thread: Thread, body: str) -> Message:
    """The pupil's homeroom teacher (or the office) answers in a contact-book thread."""
    if not thread_may_answer(actor=actor, thread=thread):
        raise AnnouncementPermissionError(_("Only the pupil's homeroom teacher answers here."))
    text = _check_body(body)
    message = Message.objects.create(thread=thread, author=actor.user, from_school=True, body=text)
    events.message_posted(message=message)
    return message


def thread_may_answer(*, actor: Actor, thread: Thread) -> bool:
    """True when the actor keeps the register of the pupil's current class (GVCN or office)."""
    class_ids = Enrolment.objects.filter(
        pupil_id=thread.pupil_id, ends_on__isnull=True
    ).values_list("school_class_id", flat=True)
    return any(actor.can_keep_register(class_id) for class_id in class_ids)


def thread_mark_read(*, thread: Thread, by_school: bool) -> int:
    """The other side's unread messages become read now (the read receipt). Returns how many."""
    return Message.objects.filter(
        thread=thread, from_school=not by_school, read_at__isnull=True
    ).update(read_at=timezone.now())
