"""The tenant registry (public schema): schools, their hosts, and the authority tree."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin

SLUG_PATTERN = r"^[a-z][a-z0-9-]{1,38}[a-z0-9]$"
CODE_PATTERN = r"^[0-9A-Z]{4,16}$"


class Authority(models.Model):
    """A node of the education-authority tree: a province department (Sở GD&ĐT) or a
    ward/commune office. Since July 2025 there is no district level; the tree is data."""

    class Kind(models.TextChoices):
        PROVINCE = "province", _("Province department of education")
        WARD = "ward", _("Ward or commune office")

    code = models.CharField(_("code"), max_length=16, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    # Materialised path of codes ("01/00167/"), so "everything under this node" is one
    # indexed prefix query.
    path = models.CharField(max_length=255, unique=True, editable=False)

    class Meta:
        verbose_name = _("education authority")
        verbose_name_plural = _("education authorities")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        prefix = self.parent.path if self.parent else ""
        self.path = f"{prefix}{self.code}/"
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class Cohort(models.TextChoices):
    """Where a school stands in the university's pilot evaluation."""

    PILOT = "pilot", _("Pilot school")
    COMPARISON = "comparison", _("Comparison school")
    NONE = "", _("Neither")


class School(TenantMixin):
    """A school: one PostgreSQL schema, one or more hosts."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        PROVISIONING = "provisioning", _("Provisioning")
        ONBOARDING = "onboarding", _("Onboarding")
        LIVE = "live", _("Live")
        SUSPENDED = "suspended", _("Suspended")
        ARCHIVED = "archived", _("Archived")
        FAILED = "failed", _("Failed")
        # The public schema's own row and the template schema new schools are cloned from.
        PLATFORM = "platform", _("Platform")
        TEMPLATE = "template", _("Template")

    # Statuses in which a school's host serves its pages.
    SERVING = (Status.ONBOARDING, Status.LIVE, Status.PLATFORM)

    # Schools are provisioned by tenants.services (clone of the template schema), never as a
    # side effect of save().
    auto_create_schema = False
    auto_drop_schema = False

    name = models.CharField(_("name"), max_length=200)
    code = models.CharField(
        _("school code"),
        max_length=16,
        unique=True,
        validators=[RegexValidator(CODE_PATTERN, _("Use 4 to 16 digits or capital letters."))],
    )
    slug = models.CharField(
        _("host name"),
        max_length=40,
        unique=True,
        validators=[
            RegexValidator(
                SLUG_PATTERN,
                _("Use 3 to 40 lowercase letters, digits or hyphens, starting with a letter."),
            )
        ],
    )
    authority = models.ForeignKey(
        Authority, on_delete=models.PROTECT, null=True, blank=True, related_name="schools"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.REQUESTED
    )
    status_reason = models.TextField(_("reason"), blank=True)
    is_pilot = models.BooleanField(_("pilot school"), default=False)
    # The pilot evaluation compares the pilot schools with a comparison cohort: schools not in
    # the pilot whose published KPIs serve as the reference (never both; see Cohort).
    is_comparison = models.BooleanField(_("comparison school"), default=False)
    # Set when an operator asks to delete the school: it is archived until then, and the daily
    # purge (tenants.lifecycle.schools_purge_due) drops its schema, hosts and files after it.
    deletion_due_at = models.DateTimeField(_("deletion due at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(is_pilot=True, is_comparison=True),
                name="school_pilot_or_comparison",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def cohort(self) -> str:
        """The school's place in the pilot evaluation (a Cohort value; "" for neither)."""
        if self.is_pilot:
            return Cohort.PILOT
        return Cohort.COMPARISON if self.is_comparison else Cohort.NONE

    @property
    def is_serving(self) -> bool:
        return self.status in self.SERVING


class Domain(DomainMixin):
    """A host name that routes to a school (or to the operators' site for the public row)."""

    class Meta:
        verbose_name = _("domain")
        verbose_name_plural = _("domains")


class AuthorityMembership(models.Model):
    """An operator's place in the authority tree: they see the schools under this node."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="authority_memberships"
    )
    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="memberships")

    class Meta:
        verbose_name = _("authority membership")
        verbose_name_plural = _("authority memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "authority"], name="unique_authority_member")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.authority}"


class SchoolEvent(models.Model):
    """One step of a school's life (suspended, exported, restored, purged...): who, when, why.

    The school's code and name are copied into the row, so the log outlives a purged school
    (its `school` becomes NULL).
    """

    class Action(models.TextChoices):
        SUSPENDED = "suspended", _("Suspended")
        RESUMED = "resumed", _("Resumed")
        ARCHIVED = "archived", _("Archived")
        UNARCHIVED = "unarchived", _("Unarchived")
        EXPORTED = "exported", _("Exported")
        RESTORED = "restored", _("Restored from an archive")
        DELETION_REQUESTED = "deletion_requested", _("Deletion requested")
        DELETION_CANCELLED = "deletion_cancelled", _("Deletion cancelled")
        PURGED = "purged", _("Deleted for good")
        COHORT_CHANGED = "cohort_changed", _("Pilot cohort changed")

    school = models.ForeignKey(
        School, on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )
    school_code = models.CharField(_("school code"), max_length=16)
    school_name = models.CharField(_("name"), max_length=200)
    action = models.CharField(_("action"), max_length=32, choices=Action.choices)
    # An operator (a public-schema user); NULL for the command line and scheduled work.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("operator"),
    )
    reason = models.TextField(_("reason"), blank=True)
    detail = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("school event")
        verbose_name_plural = _("school events")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["school", "-created_at"], name="school_event_by_school")]

    def __str__(self) -> str:
        return f"{self.school_code} {self.action} {self.created_at:%Y-%m-%d %H:%M}"
