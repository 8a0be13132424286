"""Write-side notifications: the outbox rows, written in the caller's transaction, and their
delivery. Runs inside the current school's schema.

`notify` is called by the services that change what families see (marks published, absences,
behaviour notes, announcements, leave, contact-book messages) inside their own transaction: the
inbox rows, one delivery row per outside channel the recipient chose and the live-page event
all commit or roll back with the change. After commit a Celery task delivers; the sweeper
(`notifications_sweep`, every minute) delivers whatever is still due, so a broker or worker that
was down loses nothing.
"""

import datetime
import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from accounts.models import User
from config.errors import ApplicationError
from core_school.notifications.channels import adapter
from core_school.notifications.channels.base import DeliveryError, OutgoingMessage
from core_school.notifications.models import (
    Channel,
    Delivery,
    Kind,
    Notification,
    Preference,
    PushSubscription,
)
from core_school.people.models import Guardianship, Pupil
from push.emit import push_emit

logger = logging.getLogger(__name__)

# News that cannot wait for the evening digest, and may fall back to SMS.
URGENT_KINDS = frozenset({Kind.ABSENCE})
DELIVERY_BATCH = 200


@dataclass(frozen=True)
class Draft:
    """One notification to write: for one user, about one pupil (or the whole school)."""

    user_id: int
    pupil_id: int | None
    title: str
    body: str = ""
    url: str = ""


def family_users(pupil_ids: Iterable[int]) -> list[tuple[int, int]]:
    """(user id, pupil id) for every guardian account and pupil account of these pupils."""
    pupil_ids = list(pupil_ids)
    pairs = list(
        Guardianship.objects.filter(
            pupil_id__in=pupil_ids, guardian__user__isnull=False
        ).values_list("guardian__user_id", "pupil_id")
    )
    pairs += Pupil.objects.filter(pk__in=pupil_ids, user__isnull=False).values_list("user_id", "pk")
    return pairs


def _in_quiet_hours(
    moment: datetime.datetime, start: datetime.time, end: datetime.time
) -> datetime.datetime | None:
    """The end of the quiet window `moment` falls in (local time), or None when it does not."""
    local = timezone.localtime(moment)
    now = local.time()
    if start == end:
        return None
    overnight = start > end
    quiet = (now >= start or now < end) if overnight else (start <= now < end)
    if not quiet:
        return None
    day = local.date()
    if overnight and now >= start:
        day += datetime.timedelta(days=1)
    return datetime.datetime.combine(day, end, tzinfo=local.tzinfo)


def due_time(moment: datetime.datetime, preference: Preference) -> datetime.datetime:
    """When an outside channel may speak: now, or the end of the recipient's quiet hours."""
    start = preference.quiet_from or settings.NOTIFY_QUIET_FROM
    end = preference.quiet_until or settings.NOTIFY_QUIET_UNTIL
    return _in_quiet_hours(moment, start, end) or moment


def channel_plan(
    user_ids: Iterable[int],
    *,
    urgent: bool,
    for_digest: bool = False,
    preferences: dict[int, Preference] | None = None,
) -> dict[int, list[str]]:
    """The outside channels each user will be told on, from their preferences and addresses.

    Web push when subscribed, Zalo when the school has an OA and the user a phone, e-mail when
    the user has an address; SMS only for urgent news when nothing else reaches them (it costs
    the school money). A user who asked for a digest hears about non-urgent news only in it.
    Three queries whatever the number of users (two with `preferences` already read).
    """
    user_ids = set(user_ids)
    if preferences is None:
        preferences = _preferences(user_ids)
    subscribed = set(
        PushSubscription.objects.filter(user_id__in=user_ids).values_list("user_id", flat=True)
    )
    zalo_ready = bool(settings.ZALO_ACCESS_TOKEN and settings.ZALO_TEMPLATE_ID)
    webpush_ready = bool(settings.VAPID_PRIVATE_KEY)
    plan: dict[int, list[str]] = {}
    for user_id, email, phone in User.objects.filter(pk__in=user_ids).values_list(
        "pk", "email", "phone"
    ):
        preference = preferences[user_id]
        channels: list[str] = []
        if preference.digest and not urgent and not for_digest:
            plan[user_id] = channels
            continue
        if preference.webpush and webpush_ready and user_id in subscribed:
            channels.append(Channel.WEBPUSH)
        if preference.zalo and phone and zalo_ready:
            channels.append(Channel.ZALO)
        if preference.email and email:
            channels.append(Channel.EMAIL)
        if urgent and preference.sms and phone and not channels:
            channels.append(Channel.SMS)
        plan[user_id] = channels
    return plan


def _preferences(user_ids: set[int]) -> dict[int, Preference]:
    found = {p.user_id: p for p in Preference.objects.filter(user_id__in=user_ids)}
    return {user_id: found.get(user_id) or Preference(user_id=user_id) for user_id in user_ids}


def notify(*, kind: str, drafts: Sequence[Draft]) -> list[Notification]:
    """Write the inbox rows and delivery rows for `drafts` in the current transaction, push the
    live-page event on commit, and deliver after commit. Returns the inbox rows."""
    if not drafts:
        return []
    if not connection.in_atomic_block:
        raise RuntimeError("notify() must run inside the transaction of the change it announces.")
    now = timezone.now()
    notifications = Notification.objects.bulk_create(
        [
            Notification(
                user_id=draft.user_id,
                pupil_id=draft.pupil_id,
                kind=kind,
                title=draft.title[:200],
                body=draft.body,
                url=draft.url[:300],
                created_at=now,
            )
            for draft in drafts
        ]
    )
    user_ids = {draft.user_id for draft in drafts}
    preferences = _preferences(user_ids)
    plan = channel_plan(user_ids, urgent=kind in URGENT_KINDS, preferences=preferences)
    deliveries = Delivery.objects.bulk_create(
        [
            Delivery(
                notification=notification,
                channel=channel,
                due_at=due_time(now, preferences[notification.user_id]),
            )
            for notification in notifications
            for channel in plan.get(notification.user_id, [])
        ]
    )
    # The live event: NOTIFY is transactional, so open pages hear of it only after commit.
    users_by_pupil: dict[int | None, set[int]] = defaultdict(set)
    for draft in drafts:
        users_by_pupil[draft.pupil_id].add(draft.user_id)
    for pupil_id, users in users_by_pupil.items():
        push_emit(users, {"kind": kind, "pupil": pupil_id})
    due_ids = [d.pk for d in deliveries if d.due_at <= now]
    if due_ids:
        transaction.on_commit(lambda: _enqueue(due_ids))
    return notifications


def _enqueue(delivery_ids: list[int]) -> None:
    from core_school.notifications import tasks

    for chunk in chunks(delivery_ids):
        try:
            tasks.notifications_deliver.delay(chunk)
        except Exception:
            # The broker is down: the rows are committed and the sweeper will deliver them.
            logger.warning("notification delivery not enqueued; the sweeper will retry")


def _message(delivery: Delivery) -> OutgoingMessage:
    notification = delivery.notification
    school = connection.tenant
    return OutgoingMessage(
        key=str(delivery.key),
        kind=notification.kind,
        title=notification.title,
        body=notification.body,
        url=school_url(notification.url or "/"),
        school_name=school.name,
    )


def school_url(path: str) -> str:
    """An absolute link to `path` on the current school's host."""
    domain = connection.tenant.domains.filter(is_primary=True).values_list("domain", flat=True)
    port = f":{settings.PUBLIC_PORT}" if settings.PUBLIC_PORT else ""
    return f"{settings.PUBLIC_SCHEME}://{domain.first()}{port}{path}"


def delivery_send(delivery_id: int) -> str | None:
    """Deliver one row, at most once: claim it under a row lock, call the provider with the
    row's key, and mark it sent in the same transaction. A worker killed mid-call rolls the
    claim back (the lock dies with its connection); the retry carries the same key, which the
    provider uses to drop the duplicate. Returns the new status, or None when the row was not
    due, already done, or being delivered by another worker."""
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("notification__user")
            .filter(pk=delivery_id, status=Delivery.Status.PENDING, due_at__lte=timezone.now())
            .first()
        )
        if delivery is None:
            return None
        delivery.attempts += 1
        try:
            delivery.provider_ref = adapter(delivery.channel).send(
                delivery.notification.user, _message(delivery)
            )[:200]
        except DeliveryError as error:
            delivery.last_error = error.reason[:300]
            if error.permanent or delivery.attempts >= settings.NOTIFY_MAX_ATTEMPTS:
                delivery.status = Delivery.Status.FAILED
            else:
                backoff = datetime.timedelta(minutes=2 ** (delivery.attempts - 1))
                delivery.due_at = timezone.now() + backoff
            logger.warning(
                "delivery %s on %s failed (attempt %s): %s",
                delivery.pk,
                delivery.channel,
                delivery.attempts,
                error.reason,
            )
        else:
            delivery.status = Delivery.Status.SENT
            delivery.sent_at = timezone.now()
            delivery.last_error = ""
        delivery.save(
            update_fields=["status", "attempts", "last_error", "provider_ref", "sent_at", "due_at"]
        )
        return delivery.status


def deliveries_due(limit: int = 1000) -> list[int]:
    """Ids of pending deliveries whose time has come, oldest first."""
    return list(
        Delivery.objects.filter(status=Delivery.Status.PENDING, due_at__lte=timezone.now())
        .order_by("due_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def inbox_mark_read(*, user: User, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications read (all of them when no ids are given)."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    return unread.update(read_at=timezone.now())


@transaction.atomic(durable=True)
def preference_set(
    *,
    user: User,
    email: bool,
    webpush: bool,
    zalo: bool,
    sms: bool,
    quiet_from: datetime.time | None,
    quiet_until: datetime.time | None,
    digest: str,
) -> Preference:
    """Save how the user wants to hear from the school."""
    if digest not in Preference.Digest.values:
        raise ApplicationError(_("Choose a digest option."), {"field": "digest"})
    if (quiet_from is None) != (quiet_until is None):
        raise ApplicationError(
            _("Give both the start and the end of your quiet hours, or neither."),
            {"field": "quiet_until"},
        )
    preference, _created = Preference.objects.update_or_create(
        user=user,
        defaults={
            "email": email,
            "webpush": webpush,
            "zalo": zalo,
            "sms": sms,
            "quiet_from": quiet_from,
            "quiet_until": quiet_until,
            "digest": digest,
        },
    )
    return preference


def digest_build(*, weekly: bool, now: datetime.datetime | None = None) -> int:
    """Fold each digest subscriber's news since their last digest into one notification per
    user (per child, the count and the titles), delivered on their channels. Returns how many
    digests were written. Daily digests every evening, weekly ones when `weekly` is true."""
    now = now or timezone.now()
    wanted = [Preference.Digest.DAILY] + ([Preference.Digest.WEEKLY] if weekly else [])
    written = 0
    for preference in Preference.objects.filter(digest__in=wanted).select_related("user"):
        written += _digest_one(preference, now)
    return written


@transaction.atomic
def _digest_one(preference: Preference, now: datetime.datetime) -> int:
    period = 7 if preference.digest == Preference.Digest.WEEKLY else 1
    since = preference.last_digest_at or now - datetime.timedelta(days=period)
    news = list(
        Notification.objects.filter(
            user=preference.user, created_at__gt=since, created_at__lte=now, digested_at=None
        )
        .exclude(kind=Kind.DIGEST)
        .select_related("pupil")
        .order_by("pupil_id", "created_at")
    )
    preference.last_digest_at = now
    preference.save(update_fields=["last_digest_at"])
    if not news:
        return 0
    with override(settings.LANGUAGE_CODE):
        lines = []
        by_pupil: dict[str, list[str]] = defaultdict(list)
        for item in news:
            by_pupil[item.pupil.full_name if item.pupil else _("The school")].append(item.title)
        for name, titles in by_pupil.items():
            lines.append(f"{name}: " + "; ".join(titles))
        title = _("%(n)s news from the school since %(date)s") % {
            "n": len(news),
            "date": timezone.localtime(since).strftime("%d/%m/%Y"),
        }
    digest = Notification.objects.create(
        user=preference.user, kind=Kind.DIGEST, title=title, body="\n".join(lines), url="/family/"
    )
    Notification.objects.filter(pk__in=[n.pk for n in news]).update(digested_at=now)
    channels = channel_plan(
        [preference.user_id],
        urgent=False,
        for_digest=True,
        preferences={preference.user_id: preference},
    )[preference.user_id]
    deliveries = Delivery.objects.bulk_create(
        [
            Delivery(notification=digest, channel=channel, due_at=due_time(now, preference))
            for channel in channels
        ]
    )
    ids = [d.pk for d in deliveries]
    if ids:
        transaction.on_commit(lambda: _enqueue(ids))
    return 1


def chunks(ids: Sequence[int], size: int = DELIVERY_BATCH) -> Iterable[list[int]]:
    for start in range(0, len(ids), size):
        yield list(ids[start : start + size])
