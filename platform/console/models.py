"""The operators' API credential (public schema only)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OperatorToken(models.Model):
    """An operator's API token for the root domain's operator API.

    Only the SHA-256 of the key is stored: the key is shown once, when issued, and a leaked
    database does not hand out operator access. One token per operator; issuing a new one
    replaces it. The table lives in the public schema only, so no school's token can ever be
    found here (a school's tokens live in its own schema's authtoken table).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="operator_token"
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The first characters of the key, to recognise it in the console.
    prefix = models.CharField(_("starts with"), max_length=12, editable=False)
    created_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("operator API token")
        verbose_name_plural = _("operator API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"
