"""Announcements to a class, a grade or the whole school, and who has read them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Announcement(models.Model):
    """A notice from the school to the families of one class, one grade, or everyone."""

    class Audience(models.TextChoices):
        SCHOOL = "school", _("The whole school")
        GRADE = "grade", _("A grade")
        CLASS = "class", _("A class")

    audience = models.CharField(_("audience"), max_length=8, choices=Audience.choices)
    grade = models.PositiveSmallIntegerField(_("grade"), null=True, blank=True)
    school_class = models.ForeignKey(
        "academics.SchoolClass", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    author = models.ForeignKey("people.StaffMember", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class AnnouncementRead(models.Model):
    """A guardian or pupil opened an announcement (the sender sees how many have)."""

    announcement = models.ForeignKey(Announcement, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("announcement read")
        verbose_name_plural = _("announcement reads")
        constraints = [
            models.UniqueConstraint(
                fields=["announcement", "user"], name="unique_announcement_read"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.announcement_id}"


class Thread(models.Model):
    """The contact book (sổ liên lạc) between one guardian and the school about one pupil: the
    homeroom teacher of the pupil's class answers."""

    pupil = models.ForeignKey("people.Pupil", on_delete=models.CASCADE, related_name="threads")
    guardian = models.ForeignKey(
        "people.Guardian", on_delete=models.CASCADE, related_name="threads"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("contact book thread")
        verbose_name_plural = _("contact book threads")
        constraints = [models.UniqueConstraint(fields=["pupil", "guardian"], name="unique_thread")]

    def __str__(self) -> str:
        return f"{self.guardian_id} · {self.pupil_id}"


class Message(models.Model):
    """One message of a thread; `read_at` is set when the other side opens the thread."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_school = models.BooleanField(_("from the school"))
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.thread_id}: {self.body[:30]}"
