"""A file a school imported or is about to import (nhập dữ liệu), kept with what it did."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core_school.dataimport.layouts import KIND_LABELS, LAYOUT_LABELS


def import_file_path(run: "ImportRun", file_name: str) -> str:
    """imports/<random>.<ext>, under the school's own media folder (MEDIA_ROOT/<schema>/): the
    user's file name is kept in the row, never in the path."""
    return f"imports/{uuid.uuid4().hex}{PurePath(file_name).suffix.lower()}"


class ImportRun(models.Model):
    """An uploaded list whose preview had no problem: ready to commit, then committed.

    A file with problems is never stored. The first committed run of each kind dates the
    onboarding checklist (selectors.import_first_committed_at).
    """

    class Kind(models.TextChoices):
        PUPILS = "pupils", KIND_LABELS["pupils"]
        STAFF = "staff", KIND_LABELS["staff"]
        CLASSES = "classes", KIND_LABELS["classes"]
        GUARDIANS = "guardians", KIND_LABELS["guardians"]

    class Layout(models.TextChoices):
        MINISTRY = "ministry", LAYOUT_LABELS["ministry"]
        VNEDU = "vnedu", LAYOUT_LABELS["vnedu"]
        SMAS = "smas", LAYOUT_LABELS["smas"]

    class Status(models.TextChoices):
        READY = "ready", _("Ready to commit")
        COMMITTED = "committed", _("Committed")

    kind = models.CharField(_("kind of list"), max_length=16, choices=Kind.choices)
    layout = models.CharField(_("layout"), max_length=16, choices=Layout.choices)
    file_name = models.CharField(_("file name"), max_length=255)
    file = models.FileField(_("file"), upload_to=import_file_path, max_length=255)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, db_index=True)
    size = models.PositiveIntegerField(_("size in bytes"))
    rows = models.PositiveIntegerField(_("data rows"))
    # create / update / unchanged and the kind's details (guardians created, moves, …).
    counts = models.JSONField(_("counts"), default=dict)
    # The preview: rows that change something, the columns read and those ignored.
    summary = models.JSONField(_("preview"), default=dict)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.READY
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("committed by"),
    )
    committed_at = models.DateTimeField(_("committed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["kind", "committed_at"], name="import_kind_committed")]

    def __str__(self) -> str:
        return f"{self.kind} · {self.file_name}"
