"""The notification outbox of a school: one inbox row per recipient and event, and one delivery
row per outside channel (e-mail, web push, Zalo OA, SMS).

Rows are written in the same transaction as the change they announce (a published mark sheet,
an absence, a note, an announcement); Celery delivers the deliveries after commit and a periodic
sweeper retries what is still pending, so a broker or worker outage loses nothing. A delivery is
claimed under a row lock and marked sent in the same transaction as the provider call, with its
id as the provider's idempotency key: it is sent at most once per channel, and a retry after a
crash carries the same key.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    MARKS = "marks", _("Marks published")
    ABSENCE = "absence", _("Absence")
    NOTE = "note", _("Behaviour note")
    ANNOUNCEMENT = "announcement", _("Announcement")
    LEAVE = "leave", _("Leave request")
    MESSAGE = "message", _("Contact book message")
    DIGEST = "digest", _("Digest")
    EARLY_WARNING = "early_warning", _("Early warning")


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    WEBPUSH = "webpush", _("Notifications on this phone (web push)")
    ZALO = "zalo", _("Zalo")
    SMS = "sms", _("SMS")


class Notification(models.Model):
    """One event for one user: the in-app inbox. The page itself updates by server push."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    pupil = models.ForeignKey(
        "people.Pupil", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # Set when the notification was folded into a digest instead of being sent on its own.
    digested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"], name="notification_inbox")]

    def __str__(self) -> str:
        return self.title


class Delivery(models.Model):
    """One notification on one outside channel. Unique per (notification, channel)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    # Not before this time: quiet hours push a delivery to the morning.
    due_at = models.DateTimeField(db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    provider_ref = models.CharField(max_length=200, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "channel"], name="unique_delivery_per_channel"
            )
        ]
        indexes = [
            models.Index(
                fields=["due_at"],
                name="delivery_pending",
                condition=models.Q(status="pending"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.notification_id} → {self.channel} ({self.status})"


class Preference(models.Model):
    """How a user wants to hear from the school. Without a row, the defaults apply."""

    class Digest(models.TextChoices):
        NONE = "", _("No digest")
        DAILY = "daily", _("Every evening")
        WEEKLY = "weekly", _("Every Saturday")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email = models.BooleanField(_("e-mail"), default=True)
    webpush = models.BooleanField(_("web push"), default=True)
    zalo = models.BooleanField(_("Zalo"), default=True)
    sms = models.BooleanField(_("SMS for urgent news when nothing else reaches me"), default=True)
    quiet_from = models.TimeField(_("quiet from"), null=True, blank=True)
    quiet_until = models.TimeField(_("quiet until"), null=True, blank=True)
    digest = models.CharField(
        _("digest"), max_length=8, choices=Digest.choices, default=Digest.NONE, blank=True
    )
    last_digest_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"preferences of {self.user_id}"


class PushSubscription(models.Model):
    """A browser's web push subscription (one per installed phone or browser)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    user_agent = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("web push subscription")
        verbose_name_plural = _("web push subscriptions")

    def __str__(self) -> str:
        return f"{self.user_id} · {self.endpoint[:40]}"
