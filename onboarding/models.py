"""Onboarding records (public schema): how each school was provisioned, batches of schools
asked for from one CSV file, and the dated steps of each school's onboarding checklist."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ProvisioningBatch(models.Model):
    """Many schools asked for at once, from one CSV file."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    file_name = models.CharField(_("file"), max_length=255)
    total = models.PositiveIntegerField(_("schools"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("asked by"),
    )
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("provisioning batch")
        verbose_name_plural = _("provisioning batches")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.total})"


class Provisioning(models.Model):
    """The making of one school: who asked, its first administrator, each attempt.

    The school's own status (tenants.School.status) says where it stands: requested →
    provisioning → onboarding, or failed with the reason; a retry asks again.
    """

    school = models.OneToOneField(
        "tenants.School", on_delete=models.CASCADE, related_name="provisioning"
    )
    batch = models.ForeignKey(
        ProvisioningBatch,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="provisionings",
    )
    admin_name = models.CharField(_("first administrator"), max_length=150)
    admin_email = models.EmailField(_("administrator's e-mail"))
    admin_phone = models.CharField(_("administrator's phone"), max_length=20, blank=True)
    # The school's current standards version when it was made (the national catalogue of the
    # template, identified by the template's migration state).
    standards_version = models.CharField(_("standards"), max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("last error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("asked by"),
    )
    requested_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("ready"), null=True, blank=True)
    admin_invited_at = models.DateTimeField(_("administrator invited"), null=True, blank=True)

    class Meta:
        verbose_name = _("provisioning")
        verbose_name_plural = _("provisionings")

    def __str__(self) -> str:
        return str(self.school)


class Milestone(models.Model):
    """A step of a school's onboarding, with the date it was reached (what the pilot measures)."""

    class Step(models.TextChoices):
        ADMIN_INVITED = "admin_invited", _("Administrator invited")
        STAFF_IMPORTED = "staff_imported", _("Staff imported")
        PUPILS_IMPORTED = "pupils_imported", _("Classes and pupils imported")
        TIMETABLE = "timetable", _("Timetable entered")
        FIRST_MARKS = "first_marks", _("First marks entered")
        GUARDIANS_INVITED = "guardians_invited", _("Guardians invited")
        LIVE = "live", _("Live")

    school = models.ForeignKey(
        "tenants.School", on_delete=models.CASCADE, related_name="milestones"
    )
    step = models.CharField(_("step"), max_length=32, choices=Step.choices)
    reached_at = models.DateTimeField(_("reached"))
    # True when the date comes from the school's own records (the first import, the first
    # mark); False when it is the first time the periodic check saw the step done.
    from_records = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("onboarding milestone")
        verbose_name_plural = _("onboarding milestones")
        constraints = [
            models.UniqueConstraint(fields=["school", "step"], name="unique_school_milestone")
        ]

    def __str__(self) -> str:
        return f"{self.school}: {self.get_step_display()}"
