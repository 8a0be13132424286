"""The notification outbox: rows written with the change, channels per preference, quiet
hours, at-most-once delivery, retries, the sweeper and the digest."""

import datetime
import zoneinfo

import pytest
from django.core import mail
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from accounts.models import User
from core_school.academics.models import Enrolment, TeachingAssignment
from core_school.assessment import services as assessment_services
from core_school.assessment.models import MarkSheet
from core_school.attendance import services as attendance_services
from core_school.attendance.models import Absence, AttendanceRegister
from core_school.notifications import events, services, tasks
from core_school.notifications.channels.base import DeliveryError, OutgoingMessage
from core_school.notifications.models import Delivery, Kind, Notification, Preference
from core_school.people.access import Actor
from core_school.people.models import Pupil
from tenants.models import School
from tests.core_school.conftest import actor

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def _at(hour: int, minute: int = 0, day: int = 2) -> datetime.datetime:
    return datetime.datetime(2026, 12, day, hour, minute, tzinfo=HANOI)


def _parent() -> User:
    return User.objects.get(username="phuhuynh")


def _parent_sheet() -> tuple[MarkSheet, Actor]:
    """An open-term sheet of the class of the parent's first child, and its teacher."""
    child = Pupil.objects.filter(guardianships__guardian__user__username="phuhuynh").first()
    enrolment = Enrolment.objects.get(pupil=child, ends_on__isnull=True)
    assignment = (
        TeachingAssignment.objects.filter(
            school_class_id=enrolment.school_class_id, teacher__user__isnull=False
        )
        .select_related("teacher__user")
        .first()
    )
    sheet = MarkSheet.objects.filter(
        school_class_id=enrolment.school_class_id,
        subject_id=assignment.subject_id,
        term__is_closed=False,
    ).first()
    return sheet, actor(assignment.teacher.user.username)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (_at(12), _at(12)),  # the day: now
        (_at(22), _at(6, 30, day=3)),  # the evening: tomorrow morning
        (_at(5), _at(6, 30)),  # before dawn: this morning
        (_at(21, 29), _at(21, 29)),
        (_at(6, 30), _at(6, 30)),
    ],
)
def test_quiet_hours_hold_outside_channels_until_the_morning(
    moment: datetime.datetime, expected: datetime.datetime
) -> None:
    assert services.due_time(moment, Preference()) == expected


def test_a_daytime_quiet_window_is_respected_too() -> None:
    teacher = Preference(quiet_from=datetime.time(7), quiet_until=datetime.time(11, 30))
    assert services.due_time(_at(9), teacher) == _at(11, 30)
    assert services.due_time(_at(12), teacher) == _at(12)
    assert services.due_time(_at(23), teacher) == _at(23)


def test_publishing_marks_writes_inbox_and_deliveries_in_the_same_transaction(
    in_school_a: School, django_capture_on_commit_callbacks: object
) -> None:
    # given: the parent wants e-mail, the class's other families have no preference
    parent = _parent()
    parent.email = "me@example.vn"
    parent.save(update_fields=["email"])
    Preference.objects.create(
        user=parent, email=True, quiet_from=datetime.time(0), quiet_until=datetime.time(0)
    )
    sheet, teacher = _parent_sheet()
    class_pupils = set(
        Enrolment.objects.filter(school_class=sheet.school_class, ends_on__isnull=True).values_list(
            "pupil_id", flat=True
        )
    )
    family = services.family_users(class_pupils)
    # when
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        assessment_services.sheet_publish(sheet=sheet, actor=teacher)
    # then: one inbox row per family account of the class, none for anyone else
    rows = Notification.objects.filter(kind=Kind.MARKS)
    assert sorted(rows.values_list("user_id", "pupil_id")) == sorted(family)
    mine = rows.get(user=parent, pupil__in=class_pupils)
    assert sheet.subject.name in mine.title
    assert mine.url == f"/family/{mine.pupil_id}/#marks"
    # the e-mail went out after commit (eager Celery in tests), exactly once
    delivery = Delivery.objects.get(notification=mine)
    assert (delivery.channel, delivery.status, delivery.attempts) == ("email", "sent", 1)
    assert [m.to for m in mail.outbox] == [["me@example.vn"]]
    assert mail.outbox[0].extra_headers["Message-ID"] == f"<{delivery.key}@localhost>"
    assert f"/family/{mine.pupil_id}/#marks" in mail.outbox[0].body


def test_a_change_rolled_back_leaves_no_notification(
    in_school_a: School, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet, teacher = _parent_sheet()
    before = Notification.objects.count()
    written = []
    original = events.marks_published

    def publish_then_fail(**kwargs: object) -> None:
        original(**kwargs)
        written.append(Notification.objects.count())
        raise RuntimeError

    # the publication fails after its notifications were written
    monkeypatch.setattr(events, "marks_published", publish_then_fail)
    with pytest.raises(RuntimeError):
        assessment_services.sheet_publish(sheet=sheet, actor=teacher)
    assert written[0] > before
    assert Notification.objects.count() == before
    assert MarkSheet.objects.get(pk=sheet.pk).published_at == sheet.published_at


def test_channel_plan_follows_preferences_and_keeps_sms_as_the_last_resort(
    in_school_a: School,
) -> None:
    parent = _parent()
    parent.phone, parent.email = "0912 345 678", ""
    parent.save(update_fields=["phone", "email"])
    # no push subscription, no Zalo configured, no e-mail: only SMS, and only when urgent
    assert services.channel_plan([parent.pk], urgent=False) == {parent.pk: []}
    assert services.channel_plan([parent.pk], urgent=True) == {parent.pk: ["sms"]}
    # with Zalo configured, Zalo reaches the phone and SMS is not needed
    with override_settings(ZALO_ACCESS_TOKEN="t", ZALO_TEMPLATE_ID="1"):
        assert services.channel_plan([parent.pk], urgent=True) == {parent.pk: ["zalo"]}
    # a parent who turned SMS off gets none
    Preference.objects.create(user=parent, sms=False)
    assert services.channel_plan([parent.pk], urgent=True) == {parent.pk: []}
    # a digest reader hears of non-urgent news only in the digest, of absences at once
    Preference.objects.filter(user=parent).update(sms=True, digest="daily")
    assert services.channel_plan([parent.pk], urgent=False) == {parent.pk: []}
    assert services.channel_plan([parent.pk], urgent=True) == {parent.pk: ["sms"]}


def test_same_day_absence_alerts_the_family_by_sms_when_nothing_else_reaches_them(
    in_school_a: School, django_capture_on_commit_callbacks: object
) -> None:
    from config import sms

    # given: the homeroom teacher's class and a child whose guardian has an account + phone
    gvcn = actor("gvcn")
    school_class = gvcn.staff.homeroom_classes.get(school_year__is_current=True)
    pupil_id, user_id = (
        Enrolment.objects.filter(
            school_class=school_class,
            ends_on__isnull=True,
            pupil__guardianships__guardian__user__isnull=False,
        )
        .values_list("pupil_id", "pupil__guardianships__guardian__user_id")
        .first()
    )
    User.objects.filter(pk=user_id).update(phone="0912345678", email="")
    Preference.objects.create(
        user_id=user_id, quiet_from=datetime.time(0), quiet_until=datetime.time(0)
    )
    sms.outbox.clear()
    today = timezone.localdate()
    AttendanceRegister.objects.filter(school_class=school_class, date=today).delete()
    entry = attendance_services.AbsenceEntry(pupil_id, Absence.Status.UNEXCUSED, "")
    # when
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        attendance_services.register_take(
            school_class=school_class, date=today, session="am", absences=[entry], actor=gvcn
        )
    # then
    alert = Notification.objects.get(user_id=user_id, kind=Kind.ABSENCE, pupil_id=pupil_id)
    assert "vắng" in alert.title.lower()
    delivery = Delivery.objects.get(notification=alert)
    assert delivery.status == "sent"
    (text,) = [m for m in sms.outbox if m.key == str(delivery.key)]
    assert text.to == "+84912345678"
    assert alert.title in text.body
    sent = len(sms.outbox)
    # taking the same register again alerts nobody twice
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        attendance_services.register_take(
            school_class=school_class, date=today, session="am", absences=[entry], actor=gvcn
        )
    assert Notification.objects.filter(user_id=user_id, kind=Kind.ABSENCE).count() == 1
    assert len(sms.outbox) == sent


def _pending(user: User, channel: str = "email", **fields: object) -> Delivery:
    notification = Notification.objects.create(user=user, kind=Kind.NOTE, title="Khen", url="/")
    return Delivery.objects.create(
        notification=notification, channel=channel, due_at=timezone.now(), **fields
    )


class _Flaky:
    name = "email"

    def __init__(self, error: DeliveryError | None) -> None:
        self.error, self.calls = error, []

    def reaches(self, user: User) -> bool:
        return True

    def send(self, user: User, message: OutgoingMessage) -> str:
        self.calls.append(message.key)
        if self.error:
            raise self.error
        return "ref-1"


def test_a_delivery_is_sent_at_most_once(in_school_a: School, monkeypatch: object) -> None:
    fake = _Flaky(None)
    monkeypatch.setattr(services, "adapter", lambda name: fake)  # type: ignore[attr-defined]
    delivery = _pending(_parent())
    assert services.delivery_send(delivery.pk) == "sent"
    assert services.delivery_send(delivery.pk) is None
    assert tasks.notifications_sweep() == 0
    delivery.refresh_from_db()
    assert (delivery.status, delivery.provider_ref, fake.calls) == (
        "sent",
        "ref-1",
        [str(delivery.key)],
    )


def test_a_failed_delivery_waits_and_is_retried_with_the_same_key(
    in_school_a: School, monkeypatch: object
) -> None:
    fake = _Flaky(DeliveryError("gateway timeout"))
    monkeypatch.setattr(services, "adapter", lambda name: fake)  # type: ignore[attr-defined]
    delivery = _pending(_parent())
    assert services.delivery_send(delivery.pk) == "pending"
    delivery.refresh_from_db()
    assert delivery.attempts == 1
    assert delivery.last_error == "gateway timeout"
    assert delivery.due_at > timezone.now()
    # not due yet: the sweeper leaves it
    assert services.delivery_send(delivery.pk) is None
    # when its time comes, the sweeper tries again with the same key and succeeds
    Delivery.objects.filter(pk=delivery.pk).update(due_at=timezone.now())
    fake.error = None
    assert tasks.notifications_sweep() >= 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("sent", 2)
    assert fake.calls == [str(delivery.key)] * 2


def test_a_permanent_error_or_too_many_attempts_fail_the_delivery(
    in_school_a: School, monkeypatch: object, settings: object
) -> None:
    fake = _Flaky(DeliveryError("no Zalo account", permanent=True))
    monkeypatch.setattr(services, "adapter", lambda name: fake)  # type: ignore[attr-defined]
    delivery = _pending(_parent())
    assert services.delivery_send(delivery.pk) == "failed"
    fake.error = DeliveryError("timeout")
    settings.NOTIFY_MAX_ATTEMPTS = 3  # type: ignore[attr-defined]
    other = _pending(_parent(), attempts=2)
    assert services.delivery_send(other.pk) == "failed"


def test_the_digest_folds_the_day_into_one_message_per_user(
    in_school_a: School, django_capture_on_commit_callbacks: object
) -> None:
    parent = _parent()
    parent.email = "me@example.vn"
    parent.save(update_fields=["email"])
    Preference.objects.create(
        user=parent,
        email=True,
        digest="daily",
        quiet_from=datetime.time(0),
        quiet_until=datetime.time(0),
    )
    children = list(Pupil.objects.filter(guardianships__guardian__user=parent))
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        with transaction.atomic():
            for child in children:
                services.notify(
                    kind=Kind.NOTE,
                    drafts=[services.Draft(parent.pk, child.pk, f"Khen {child.given_name}")],
                )
        # no message on its own: the parent reads a digest
        assert not Delivery.objects.filter(notification__user=parent).exists()
        written = services.digest_build(weekly=False)
    assert written == 1
    digest = Notification.objects.get(user=parent, kind=Kind.DIGEST)
    for child in children:
        assert f"{child.full_name}: Khen {child.given_name}" in digest.body
    assert Delivery.objects.get(notification=digest).status == "sent"
    assert len(mail.outbox) == 1
    # nothing new: no second digest
    assert services.digest_build(weekly=False) == 0
