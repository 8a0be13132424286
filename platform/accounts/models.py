"""The user model. The same table exists in the public schema (operators) and in every
school's schema (staff, guardians, pupils): a user belongs to the schema where they act."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in: an operator on the root domain, or a school's user on its host."""

    # Vietnamese names are written family name first ("Nguyễn Văn An"): one full-name field
    # instead of Django's first/last split.
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    phone = models.CharField(_("phone number"), max_length=20, blank=True)

    REQUIRED_FIELDS = ["email"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or self.username

    def get_short_name(self) -> str:
        # The given name is the last word of a Vietnamese full name.
        return (self.full_name.split() or [self.username])[-1]

    @property
    def role_names(self) -> list[str]:
        return [group.name for group in self.groups.all()]
