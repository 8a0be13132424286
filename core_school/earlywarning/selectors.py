"""Early warnings, read side: the flags a person may see. Runs inside the current school's
schema.

A homeroom teacher sees the flags of the classes they are GVCN of; the principal and the
vice-principals see the whole school's. Nobody else sees a flag (their reasons are about
named pupils).
"""

from dataclasses import dataclass

from django.db.models import F, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core_school.academics.models import SchoolClass
from core_school.earlywarning.models import EarlyWarningFlag, Rule
from core_school.people.access import Actor

# What the homeroom teacher might do first, by rule (shown next to each flag).
SUGGESTED_ACTIONS: dict[str, Promise] = {
    Rule.ABSENCES: _(
        "Call the family to learn why the pupil was absent, and agree how they catch up."
    ),
    Rule.SUBJECT_DROP: _(
        "Talk with the subject teacher and the pupil, and plan extra help in the subject."
    ),
    Rule.CONDUCT_NOTES: _("Talk with the pupil, tell the family, and agree on what happens next."),
}


class Status:
    OPEN = "open"
    RESOLVED = "resolved"
    ALL = "all"


@dataclass(frozen=True)
class FlagFilters:
    """The list's filters; empty values mean all (status defaults to the open flags)."""

    status: str = Status.OPEN
    rule: str = ""
    class_id: int | None = None


def may_see_flags(*, actor: Actor) -> bool:
    """Homeroom teachers and the principal's office (principal, vice-principals)."""
    return actor.is_principal or bool(actor.homeroom_class_ids)


def flag_list_for_actor(
    *, actor: Actor, filters: FlagFilters | None = None
) -> QuerySet[EarlyWarningFlag]:
    """The flags `actor` may see, filtered, open ones first then the newest."""
    filters = filters or FlagFilters()
    flags = EarlyWarningFlag.objects.select_related(
        "pupil", "school_class", "homeroom_teacher", "resolved_by"
    )
    if not actor.is_principal:
        flags = flags.filter(school_class_id__in=actor.homeroom_class_ids)
    if filters.status == Status.OPEN:
        flags = flags.filter(resolved_at__isnull=True)
    elif filters.status == Status.RESOLVED:
        flags = flags.filter(resolved_at__isnull=False)
    if filters.rule:
        flags = flags.filter(rule=filters.rule)
    if filters.class_id:
        flags = flags.filter(school_class_id=filters.class_id)
    # Open flags first, then the latest resolved; the newest raised first within each.
    return flags.order_by(F("resolved_at").desc(nulls_first=True), "-raised_at", "-pk")


def flag_get_for_actor(*, actor: Actor, flag_id: int) -> EarlyWarningFlag | None:
    """One flag `actor` may see (None when there is none, or it is another class's)."""
    return (
        flag_list_for_actor(actor=actor, filters=FlagFilters(status=Status.ALL))
        .filter(pk=flag_id)
        .first()
    )


def class_choices_for_actor(*, actor: Actor) -> list[SchoolClass]:
    """The current year's classes the actor may filter on (one query)."""
    classes = SchoolClass.objects.filter(school_year__is_current=True)
    if not actor.is_principal:
        classes = classes.filter(pk__in=actor.homeroom_class_ids)
    return list(classes.order_by("grade", "name"))
