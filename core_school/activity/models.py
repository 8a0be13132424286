"""Weekly activity of a school's users: one row per user and week they used the platform."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserKind(models.TextChoices):
    """What a user is in the school, from their roles (a member of staff first)."""

    STAFF = "staff", _("Staff")
    GUARDIAN = "guardian", _("Guardian")
    PUPIL = "pupil", _("Pupil")
    OTHER = "other", _("Other")


class WeeklyActivity(models.Model):
    """A user used the platform (signed in, or opened a page or the API signed in) at least
    once in the week starting `week` (a Monday). Written in batches by the recorder; the
    pilot's adoption counts these rows (core_school.figures.pilot)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    week = models.DateField(_("week"))
    # The user's kind when the week was recorded (their roles may change later).
    kind = models.CharField(_("kind"), max_length=8, choices=UserKind.choices)

    class Meta:
        verbose_name = _("weekly activity")
        verbose_name_plural = _("weekly activity")
        constraints = [
            models.UniqueConstraint(fields=["user", "week"], name="weekly_activity_user_week")
        ]
        indexes = [models.Index(fields=["week", "kind"], name="weekly_activity_week_kind")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.week} {self.kind}"
