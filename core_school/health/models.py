"""What the platform measures about itself inside a school (system health)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Heartbeat(models.Model):
    """A worker processed a task for this school: proof that its background work flows."""

    created_at = models.DateTimeField(auto_now_add=True)
    worker = models.CharField(_("worker"), max_length=255)
    task_id = models.CharField(_("task id"), max_length=64)

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")
        ordering = ["-created_at"]
        get_latest_by = "created_at"

    def __str__(self) -> str:
        return f"{self.worker} @ {self.created_at:%Y-%m-%d %H:%M:%S}"
