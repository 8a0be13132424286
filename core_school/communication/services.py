"""Write-side announcements. Runs inside the current school's schema."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import User
from config.errors import ApplicationError
from core_school.academics.models import SchoolClass
from core_school.communication.models import Announcement, AnnouncementRead
from core_school.people.access import Actor


class AnnouncementPermissionError(ApplicationError):
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
    return Announcement.objects.create(
        audience=audience,
        grade=grade if audience == Announcement.Audience.GRADE else None,
        school_class=school_class,
        title=title.strip(),
        body=body.strip(),
        author=actor.staff,
    )


def announcement_mark_read(*, announcement: Announcement, user: User) -> None:
    """Note that a family member opened the announcement (once; later openings change nothing)."""
    try:
        with transaction.atomic():
            AnnouncementRead.objects.create(announcement=announcement, user=user)
    except IntegrityError:
        pass
