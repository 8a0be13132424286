"""What each change tells families (and teachers): the drafts `services.notify` writes.

Called by the domain services inside their own transaction. Texts are written in the school's
language (Vietnamese), whatever the sender's screen language: they go to other people.
"""

from django.conf import settings
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import override

from core_school.academics.models import Enrolment, SchoolClass
from core_school.notifications.models import Kind, Notification
from core_school.notifications.services import Draft, family_users, notify
from core_school.people.models import Guardian, Pupil, StaffMember


def _class_pupil_ids(school_class_id: int) -> list[int]:
    return list(
        Enrolment.objects.filter(school_class_id=school_class_id, ends_on__isnull=True).values_list(
            "pupil_id", flat=True
        )
    )


def marks_published(*, sheet: object) -> list[Notification]:
    """A teacher published a mark sheet: every family of the class hears of it."""
    with override(settings.LANGUAGE_CODE):
        title = _("New marks in %(subject)s") % {"subject": sheet.subject.name}
        body = _("%(class)s: the marks of %(subject)s have been published.") % {
            "class": sheet.school_class.name,
            "subject": sheet.subject.name,
        }
    pairs = family_users(_class_pupil_ids(sheet.school_class_id))
    return notify(
        kind=Kind.MARKS,
        drafts=[
            Draft(user_id, pupil_id, title, body, f"/family/{pupil_id}/#marks")
            for user_id, pupil_id in pairs
        ],
    )


def absences_recorded(*, register: object, absences: list[tuple[int, str, str]]) -> list:
    """New absences or lateness in a register: the same-day alert to the families.
    `absences` holds (pupil id, status label, reason) of the pupils newly marked."""
    if not absences:
        return []
    names = dict(
        Pupil.objects.filter(pk__in=[a[0] for a in absences]).values_list("pk", "full_name")
    )
    labels = {pupil_id: (label, reason) for pupil_id, label, reason in absences}
    drafts = []
    with override(settings.LANGUAGE_CODE):
        session = register.get_session_display()
        day = formats.date_format(register.date, "SHORT_DATE_FORMAT")
        for user_id, pupil_id in family_users(labels):
            label, reason = labels[pupil_id]
            title = _("%(pupil)s: %(status)s") % {"pupil": names[pupil_id], "status": label}
            body = _("%(session)s of %(day)s.") % {"session": session, "day": day}
            if reason:
                body += " " + reason
            drafts.append(Draft(user_id, pupil_id, title, body, f"/family/{pupil_id}/#attendance"))
    return notify(kind=Kind.ABSENCE, drafts=drafts)


def behaviour_noted(*, note: object) -> list[Notification]:
    with override(settings.LANGUAGE_CODE):
        title = _("%(kind)s for %(pupil)s") % {
            "kind": note.get_kind_display(),
            "pupil": note.pupil.full_name,
        }
    return notify(
        kind=Kind.NOTE,
        drafts=[
            Draft(user_id, pupil_id, title, note.text, f"/family/{pupil_id}/#notes")
            for user_id, pupil_id in family_users([note.pupil_id])
        ],
    )


def announcement_posted(*, announcement: object) -> list[Notification]:
    """One notification per family account of the audience (not one per child)."""
    pupils = Enrolment.objects.filter(
        ends_on__isnull=True, school_class__school_year__is_current=True
    )
    if announcement.school_class_id:
        pupils = pupils.filter(school_class_id=announcement.school_class_id)
    elif announcement.grade:
        pupils = pupils.filter(school_class__grade=announcement.grade)
    first_child: dict[int, int] = {}
    for user_id, pupil_id in family_users(pupils.values_list("pupil_id", flat=True)):
        first_child.setdefault(user_id, pupil_id)
    url = f"/family/announcements/{announcement.pk}/"
    return notify(
        kind=Kind.ANNOUNCEMENT,
        drafts=[
            Draft(user_id, None, announcement.title, announcement.body[:500], url)
            for user_id in first_child
        ],
    )


def leave_requested(*, leave: object) -> list[Notification]:
    """The homeroom teacher hears of a new leave request."""
    enrolment = (
        Enrolment.objects.filter(pupil_id=leave.pupil_id, ends_on__isnull=True)
        .select_related("school_class__homeroom_teacher", "pupil")
        .first()
    )
    if enrolment is None:
        return []
    teacher = enrolment.school_class.homeroom_teacher
    if teacher is None or teacher.user_id is None:
        return []
    with override(settings.LANGUAGE_CODE):
        title = _("Leave request for %(pupil)s") % {"pupil": enrolment.pupil.full_name}
        body = _("%(first)s – %(last)s: %(reason)s") % {
            "first": formats.date_format(leave.first_day, "SHORT_DATE_FORMAT"),
            "last": formats.date_format(leave.last_day, "SHORT_DATE_FORMAT"),
            "reason": leave.reason,
        }
    url = f"/attendance/{enrolment.school_class_id}/leave/"
    return notify(
        kind=Kind.LEAVE, drafts=[Draft(teacher.user_id, leave.pupil_id, title, body, url)]
    )


def leave_decided(*, leave: object) -> list[Notification]:
    with override(settings.LANGUAGE_CODE):
        title = _("Leave for %(pupil)s: %(status)s") % {
            "pupil": leave.pupil.full_name,
            "status": leave.get_status_display(),
        }
    return notify(
        kind=Kind.LEAVE,
        drafts=[
            Draft(user_id, pupil_id, title, leave.decision_note, f"/family/{pupil_id}/leave/")
            for user_id, pupil_id in family_users([leave.pupil_id])
        ],
    )


def message_posted(*, message: object) -> list[Notification]:
    """The other side of a contact-book thread hears of a new message."""
    thread = message.thread
    if message.from_school:
        guardian_user = Guardian.objects.filter(pk=thread.guardian_id).values_list(
            "user_id", flat=True
        )
        recipients = [
            (user_id, f"/family/{thread.pupil_id}/contact-book/")
            for user_id in guardian_user
            if user_id
        ]
    else:
        teachers = SchoolClass.objects.filter(
            enrolments__pupil_id=thread.pupil_id,
            enrolments__ends_on__isnull=True,
            homeroom_teacher__user__isnull=False,
        ).values_list("homeroom_teacher__user_id", flat=True)
        recipients = [
            (user_id, f"/announcements/contact-book/{thread.pk}/") for user_id in teachers
        ]
    with override(settings.LANGUAGE_CODE):
        title = _("New message about %(pupil)s") % {"pupil": thread.pupil.full_name}
    return notify(
        kind=Kind.MESSAGE,
        drafts=[
            Draft(user_id, thread.pupil_id, title, message.body[:300], url)
            for user_id, url in recipients
        ],
    )


def early_warnings_raised(*, flags: list) -> list[Notification]:
    """Each new early-warning flag tells its class's homeroom teacher, with the reason. The
    drafts name no pupil in the live event (pupil None): one push for the whole evaluation,
    not one per pupil; the inbox row's title names the pupil."""
    flags = [flag for flag in flags if flag.homeroom_teacher_id is not None]
    if not flags:
        return []
    names = dict(
        Pupil.objects.filter(pk__in={f.pupil_id for f in flags}).values_list("pk", "full_name")
    )
    users = dict(
        StaffMember.objects.filter(
            pk__in={f.homeroom_teacher_id for f in flags}, user__isnull=False
        ).values_list("pk", "user_id")
    )
    drafts = []
    with override(settings.LANGUAGE_CODE):
        for flag in flags:
            user_id = users.get(flag.homeroom_teacher_id)
            if user_id is None:
                continue
            title = _("Early warning: %(pupil)s") % {"pupil": names.get(flag.pupil_id, "")}
            drafts.append(
                Draft(user_id, None, title, flag.reason, f"/early-warnings/#flag-{flag.pk}")
            )
    return notify(kind=Kind.EARLY_WARNING, drafts=drafts)
