"""Figures schools publish upward (public schema): counts in cells, never a person.

A FigureSet is what one school published for one period (a school year, or one of its terms)
at one time; publishing again replaces it. A Figure is one cell; a cell of fewer than
MIN_CELL pupils is stored as suppressed, with no value (reporting.services).
"""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from tenants.models import School

# Cells counting fewer pupils than this are suppressed (stored without their number).
MIN_CELL = 5


class FigureSet(models.Model):
    """The figures of one school for one period, and when they were computed."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="figure_sets")
    school_year = models.CharField(_("school year"), max_length=9)
    # None: the whole school year; otherwise the term's number (1 or 2).
    term = models.PositiveSmallIntegerField(_("term"), null=True, blank=True)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("figure set")
        verbose_name_plural = _("figure sets")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "school_year", "term"],
                name="unique_figure_set_period",
                nulls_distinct=False,
            )
        ]
        indexes = [models.Index(fields=["school_year", "term"], name="figure_set_period")]

    def __str__(self) -> str:
        return f"{self.school_id} {self.school_year} HK{self.term or '-'}"


class Figure(models.Model):
    """One published cell. Empty dimensions (None, "") mean "all"; `value` out of
    `denominator` for rates and distributions. Suppressed cells carry neither."""

    figure_set = models.ForeignKey(FigureSet, on_delete=models.CASCADE, related_name="figures")
    metric = models.CharField(_("metric"), max_length=32)
    grade = models.PositiveSmallIntegerField(_("grade"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, blank=True)
    subject = models.CharField(_("subject"), max_length=16, blank=True)
    band = models.PositiveSmallIntegerField(_("band"), null=True, blank=True)
    level = models.CharField(_("level"), max_length=20, blank=True)
    value = models.BigIntegerField(_("value"), null=True, blank=True)
    denominator = models.BigIntegerField(_("denominator"), null=True, blank=True)
    suppressed = models.BooleanField(_("suppressed"), default=False)

    class Meta:
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        indexes = [
            # The dashboard reads one metric at one grade (or the school's cells) of many sets.
            models.Index(fields=["figure_set", "metric", "grade"], name="figure_set_metric_grade"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(suppressed=False) | models.Q(value__isnull=True),
                name="figure_suppressed_has_no_value",
            )
        ]

    def __str__(self) -> str:
        return f"{self.metric} {self.value}"


# Upper bounds (ms) of the latency histogram's buckets; the last bucket has no upper bound.
HEALTH_BUCKETS_MS: tuple[int, ...] = (
    5, 10, 20, 30, 50, 75, 100, 150, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000, 10000,
)  # fmt: skip


class RequestHealth(models.Model):
    """How one school's host answered on one day, measured by the platform itself
    (reporting.health): how many requests, how many failed (5xx) and a latency histogram
    (counts per bucket of HEALTH_BUCKETS_MS, plus one for slower), from which the p95 comes.

    Counts only: no path, user or address is kept.
    """

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="request_health")
    day = models.DateField(_("day"))
    requests = models.BigIntegerField(_("requests"), default=0)
    errors = models.BigIntegerField(_("server errors"), default=0)
    duration_ms = models.BigIntegerField(_("total time (ms)"), default=0)
    buckets = ArrayField(models.BigIntegerField(), size=len(HEALTH_BUCKETS_MS) + 1)

    class Meta:
        verbose_name = _("request health")
        verbose_name_plural = _("request health")
        constraints = [
            models.UniqueConstraint(fields=["school", "day"], name="request_health_school_day")
        ]

    def __str__(self) -> str:
        return f"{self.school_id} {self.day}: {self.requests}"


class PilotKpi(models.Model):
    """One school's KPI for one week (config.pilot): `value` out of `denominator`, counted in
    the school's schema and published here with the time it was computed. Counts only."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="pilot_kpis")
    week = models.DateField(_("week"))  # its Monday
    metric = models.CharField(_("metric"), max_length=32)
    value = models.BigIntegerField(_("value"))
    denominator = models.BigIntegerField(_("denominator"))
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("pilot KPI")
        verbose_name_plural = _("pilot KPIs")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "week", "metric"], name="pilot_kpi_school_week_metric"
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=0)
                & models.Q(denominator__gte=0)
                & models.Q(value__lte=models.F("denominator")),
                name="pilot_kpi_rate",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school_id} {self.week} {self.metric}: {self.value}/{self.denominator}"
