"""Early warnings, write side: the nightly (or on demand) evaluation and the homeroom
teacher's follow-up. Runs inside the current school's schema.

The rules come from the school's adopted standard (core_school.standard), never from
constants: adopting a version with other thresholds changes what the next evaluation flags.
"""

import datetime
import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.errors import ApplicationError
from core_school.academics.models import Enrolment, SchoolYear
from core_school.earlywarning import evaluators
from core_school.earlywarning.models import EarlyWarningFlag, Rule
from core_school.notifications import events
from core_school.people.access import Actor
from core_school.standard.models import AdoptedStandard

logger = logging.getLogger(__name__)

RESOLUTION_NOTE_MAX = 2000


@dataclass(frozen=True)
class Evaluation:
    """What one evaluation did: flags raised, flags resolved automatically, flags open."""

    raised: int
    resolved: int
    open: int


@dataclass(frozen=True)
class _Placement:
    school_class_id: int
    homeroom_teacher_id: int | None


def _placements(year: SchoolYear) -> dict[int, _Placement]:
    """The pupils evaluated: those enrolled now in a class of the current year."""
    return {
        pupil_id: _Placement(class_id, teacher_id)
        for pupil_id, class_id, teacher_id in Enrolment.objects.filter(
            ends_on__isnull=True, school_class__school_year=year
        )
        .order_by("starts_on", "pk")
        .values_list("pupil_id", "school_class_id", "school_class__homeroom_teacher_id")
    }


def _context(*, now: datetime.datetime, year: SchoolYear) -> evaluators.Context:
    """The evaluators' context, with what the homeroom teachers already followed up this
    year (one query)."""
    followed_up: dict[tuple[int, str], datetime.datetime] = {}
    terms: set[tuple[int, int]] = set()
    for pupil_id, rule, resolved_at, evidence in EarlyWarningFlag.objects.filter(
        resolution=EarlyWarningFlag.Resolution.TEACHER,
        resolved_at__date__gte=year.starts_on,
    ).values_list("pupil_id", "rule", "resolved_at", "evidence"):
        key = (pupil_id, rule)
        if key not in followed_up or resolved_at > followed_up[key]:
            followed_up[key] = resolved_at
        if rule == Rule.SUBJECT_DROP and isinstance(evidence.get("term"), int):
            terms.add((pupil_id, evidence["term"]))
    return evaluators.Context(
        now=now, year=year, followed_up=followed_up, followed_up_terms=frozenset(terms)
    )


def _follow_moved_pupils(
    open_flags: dict[tuple[int, str], int],
    open_classes: dict[int, int],
    placements: dict[int, _Placement],
) -> None:
    """An open flag follows its pupil to a new class (a transfer): the new homeroom teacher
    takes it over. One update per destination class, none when nobody moved."""
    moved: dict[_Placement, list[int]] = {}
    for (pupil_id, _rule), pk in open_flags.items():
        placement = placements.get(pupil_id)
        if placement is not None and placement.school_class_id != open_classes[pk]:
            moved.setdefault(placement, []).append(pk)
    for placement, pks in moved.items():
        EarlyWarningFlag.objects.filter(pk__in=pks).update(
            school_class_id=placement.school_class_id,
            homeroom_teacher_id=placement.homeroom_teacher_id,
        )


def early_warnings_evaluate(*, now: datetime.datetime | None = None) -> Evaluation:
    """Evaluate every early-warning rule of the adopted standard over the school, in one
    transaction: raise a flag for each pupil a rule newly picks out (at most one open flag per
    pupil and rule, so running it twice raises nothing new), resolve automatically the open
    flags whose condition no longer holds (or whose rule left the standard, or whose pupil
    left the school), and tell each new flag's homeroom teacher through the notification
    outbox. Nothing happens before the school adopts a standard or opens a school year.

    Evaluations of one school wait for each other (a row lock on the adopted standard).
    """
    now = now or timezone.now()
    with transaction.atomic():
        adopted = AdoptedStandard.objects.select_for_update().order_by("-adopted_at", "-pk").first()
        year = SchoolYear.objects.filter(is_current=True).first()
        open_flags: dict[tuple[int, str], int] = {}
        open_classes: dict[int, int] = {}
        for pk, pupil_id, rule, class_id in EarlyWarningFlag.objects.filter(
            resolved_at__isnull=True
        ).values_list("pk", "pupil_id", "rule", "school_class_id"):
            open_flags[(pupil_id, rule)] = pk
            open_classes[pk] = class_id
        if adopted is None or year is None:
            return Evaluation(raised=0, resolved=0, open=len(open_flags))
        rules = [
            rule
            for rule in adopted.content.get("early_warning_rules", [])
            if rule.get("code") in evaluators.EVALUATORS
        ]
        placements = _placements(year)
        context = _context(now=now, year=year)
        new_flags: list[EarlyWarningFlag] = []
        still_open: set[tuple[int, str]] = set()
        for rule in rules:
            code = rule["code"]
            parameters = {key: value for key, value in rule.items() if key != "code"}
            for pupil_id, hit in evaluators.EVALUATORS[code](parameters, context).items():
                placement = placements.get(pupil_id)
                if placement is None:
                    continue
                still_open.add((pupil_id, code))
                if (pupil_id, code) in open_flags:
                    continue
                new_flags.append(
                    EarlyWarningFlag(
                        pupil_id=pupil_id,
                        school_class_id=placement.school_class_id,
                        homeroom_teacher_id=placement.homeroom_teacher_id,
                        rule=code,
                        parameters=parameters,
                        standard_version=adopted.version,
                        evidence=hit.evidence,
                        reason=hit.reason[:500],
                        raised_at=now,
                    )
                )
        gone = [pk for key, pk in open_flags.items() if key not in still_open]
        _follow_moved_pupils(open_flags, open_classes, placements)
        resolved = (
            EarlyWarningFlag.objects.filter(pk__in=gone).update(
                resolved_at=now, resolution=EarlyWarningFlag.Resolution.AUTOMATIC
            )
            if gone
            else 0
        )
        created = EarlyWarningFlag.objects.bulk_create(new_flags)
        events.early_warnings_raised(flags=created)
    result = Evaluation(
        raised=len(created), resolved=resolved, open=len(open_flags) - resolved + len(created)
    )
    logger.info(
        "early warnings: %d raised, %d resolved automatically, %d open",
        result.raised,
        result.resolved,
        result.open,
    )
    return result


def flag_resolve(*, flag: EarlyWarningFlag, note: str, actor: Actor) -> EarlyWarningFlag:
    """Resolve an open flag as its class's homeroom teacher (or the principal), with a note
    saying what was done and the outcome. One transaction; the flag is locked so two people
    cannot resolve it at once.

    Raises ApplicationError when the actor is neither the class's homeroom teacher nor the
    principal, when the note is empty or too long, or when the flag is already resolved.
    """
    note = note.strip()
    if not (actor.is_principal or flag.school_class_id in actor.homeroom_class_ids):
        raise ApplicationError(
            _("Only the homeroom teacher of the class or the principal can resolve this flag."),
            extra={"flag_id": flag.pk},
        )
    if not note:
        raise ApplicationError(
            _("Say what was done and the outcome before resolving the flag."),
            extra={"field": "note"},
        )
    if len(note) > RESOLUTION_NOTE_MAX:
        raise ApplicationError(
            _("The note is too long (at most %(max)d characters).") % {"max": RESOLUTION_NOTE_MAX},
            extra={"field": "note"},
        )
    with transaction.atomic():
        locked = EarlyWarningFlag.objects.select_for_update().get(pk=flag.pk)
        if locked.resolved_at is not None:
            raise ApplicationError(_("This flag was already resolved."), extra={"flag_id": flag.pk})
        locked.resolved_at = timezone.now()
        locked.resolution = EarlyWarningFlag.Resolution.TEACHER
        locked.resolution_note = note
        locked.resolved_by = actor.staff
        locked.save(update_fields=["resolved_at", "resolution", "resolution_note", "resolved_by"])
    return locked
