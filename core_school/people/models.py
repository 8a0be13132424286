"""People of one school: pupils (học sinh), guardians (cha mẹ học sinh) and staff."""

import pghistory
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    model_name="PupilEvent",
)
class Pupil(models.Model):
    """A pupil (học sinh) of this school. Every change is recorded (PupilEvent)."""

    class Status(models.TextChoices):
        STUDYING = "studying", _("Studying")
        TRANSFERRED_IN = "transferred_in", _("Transferred in")
        TRANSFERRED_OUT = "transferred_out", _("Transferred out")
        GRADUATED = "graduated", _("Graduated")
        DROPPED_OUT = "dropped_out", _("Dropped out")

    # The national pupil identifier (mã định danh) from the sector database: unique for life.
    national_id = models.CharField(_("national pupil identifier"), max_length=20, unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    birth_date = models.DateField(_("birth date"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    ethnicity = models.CharField(_("ethnicity"), max_length=50, default="Kinh")
    address = models.CharField(_("address"), max_length=255, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.STUDYING
    )
    # A pupil's own read-only account, if the school gave one.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pupil",
    )
    guardians = models.ManyToManyField(
        "Guardian", through="Guardianship", related_name="pupils", blank=True
    )

    class Meta:
        verbose_name = _("pupil")
        verbose_name_plural = _("pupils")
        ordering = ["full_name", "pk"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def given_name(self) -> str:
        """The last word of a Vietnamese full name, which class lists sort by."""
        return self.full_name.split()[-1]


class Guardian(models.Model):
    """A parent or guardian (cha mẹ học sinh). Siblings share their guardians."""

    full_name = models.CharField(_("full name"), max_length=150)
    phone = models.CharField(_("phone number"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="guardian",
    )

    class Meta:
        verbose_name = _("guardian")
        verbose_name_plural = _("guardians")
        ordering = ["full_name", "pk"]

    def __str__(self) -> str:
        return self.full_name


class Guardianship(models.Model):
    """A guardian's link to one pupil."""

    class Relationship(models.TextChoices):
        MOTHER = "mother", _("Mother")
        FATHER = "father", _("Father")
        GUARDIAN = "guardian", _("Guardian")

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="guardianships")
    guardian = models.ForeignKey(Guardian, on_delete=models.CASCADE, related_name="guardianships")
    relationship = models.CharField(_("relationship"), max_length=16, choices=Relationship.choices)
    is_primary_contact = models.BooleanField(_("primary contact"), default=False)

    class Meta:
        verbose_name = _("guardianship")
        verbose_name_plural = _("guardianships")
        constraints = [
            models.UniqueConstraint(fields=["pupil", "guardian"], name="unique_guardianship")
        ]

    def __str__(self) -> str:
        return f"{self.guardian} → {self.pupil}"


class StaffMember(models.Model):
    """A member of staff: principal, vice-principal, school admin, teachers, clerks."""

    class Position(models.TextChoices):
        PRINCIPAL = "principal", _("Principal")
        VICE_PRINCIPAL = "vice_principal", _("Vice-principal")
        SCHOOL_ADMIN = "school_admin", _("School administrator")
        TEACHER = "teacher", _("Teacher")
        CLERK = "clerk", _("Clerk")

    staff_code = models.CharField(_("staff code"), max_length=20, unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    phone = models.CharField(_("phone number"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    position = models.CharField(_("position"), max_length=20, choices=Position.choices)
    # The subject a teacher mainly teaches (free text until the subject catalogue exists).
    specialty = models.CharField(_("specialty"), max_length=100, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff",
    )

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["full_name", "pk"]

    def __str__(self) -> str:
        return self.full_name


class RecordAccess(models.Model):
    """A member of staff opened a pupil's record: shown to the principal, and to the pupil's
    guardians (who looked, in which role, when)."""

    class Kind(models.TextChoices):
        RECORD = "record", _("Pupil record")
        REPORT_CARD = "report_card", _("Report card")

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="record_accesses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    roles = models.CharField(_("roles"), max_length=255)
    kind = models.CharField(_("what"), max_length=16, choices=Kind.choices)
    accessed_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("record access")
        verbose_name_plural = _("record accesses")
        ordering = ["-accessed_at"]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.pupil_id} {self.kind}"


class Consent(models.Model):
    """A guardian's answer for one child and one purpose, with the version of the text they
    read. Append-only: the newest row per (guardian, pupil, purpose) is in force."""

    class Purpose(models.TextChoices):
        PHOTOS = "photos", _("Photos of my child in school publications")
        MESSAGING = "messaging", _("Messages from teachers outside school hours")
        ANALYTICS = "analytics", _("Use of my child's data in anonymous statistics")

    guardian = models.ForeignKey(Guardian, on_delete=models.CASCADE, related_name="consents")
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=16, choices=Purpose.choices)
    granted = models.BooleanField(_("granted"))
    text_version = models.CharField(_("text version"), max_length=16)
    decided_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-decided_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.guardian_id}/{self.pupil_id} {self.purpose}={self.granted}"
