"""The early-warning rules, evaluated over the whole school at once. Runs inside the current
school's schema.

Each evaluator reads its parameters from the rule of the adopted standard and answers, in one
or two queries whatever the size of the school, the pupils it picks out with the facts (the
evidence) and the reason in words, written in the school's language: the reason goes to the
homeroom teacher, whoever pressed the button. Evidence already followed up by the homeroom
teacher (a flag resolved with a note) does not raise the same flag again.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override

from core_school.academics.models import SchoolYear, Subject, Term
from core_school.assessment.models import SubjectResult
from core_school.attendance.models import Absence, BehaviourNote
from core_school.earlywarning.models import Rule


@dataclass(frozen=True)
class Hit:
    """A pupil a rule picks out: what it found (JSON-ready) and the reason in words."""

    pupil_id: int
    evidence: dict[str, Any]
    reason: str


@dataclass(frozen=True)
class Context:
    """What every evaluator may need, read once per evaluation."""

    now: datetime.datetime
    year: SchoolYear
    # The last time the homeroom teacher resolved a flag of (pupil, rule): older evidence
    # was followed up already.
    followed_up: dict[tuple[int, str], datetime.datetime] = field(default_factory=dict)
    # (pupil, term id) of subject drops the homeroom teacher followed up.
    followed_up_terms: frozenset[tuple[int, int]] = field(default_factory=frozenset)

    @property
    def today(self) -> datetime.date:
        return timezone.localdate(self.now)


def _day(value: datetime.date) -> str:
    return formats.date_format(value, "d/m")


def _number(value: Decimal) -> str:
    return formats.number_format(value, decimal_pos=1)


def absences(parameters: dict[str, Any], context: Context) -> dict[int, Hit]:
    """Pupils with at least `unexcused_absences` unexcused absences (sessions) in the last
    `days` days, today included. Excused absences and lateness do not count."""
    needed, days = int(parameters["unexcused_absences"]), int(parameters["days"])
    first = context.today - datetime.timedelta(days=days - 1)
    dates: dict[int, list[datetime.date]] = defaultdict(list)
    for pupil_id, date in (
        Absence.objects.filter(
            status=Absence.Status.UNEXCUSED,
            register__date__gte=first,
            register__date__lte=context.today,
        )
        .order_by("register__date")
        .values_list("pupil_id", "register__date")
    ):
        since = context.followed_up.get((pupil_id, Rule.ABSENCES))
        if since is None or date > timezone.localdate(since):
            dates[pupil_id].append(date)
    hits = {}
    with override(settings.LANGUAGE_CODE):
        for pupil_id, found in dates.items():
            if len(found) < needed:
                continue
            reason = ngettext(
                "%(count)d unexcused absence in %(days)d days (%(dates)s)",
                "%(count)d unexcused absences in %(days)d days (%(dates)s)",
                len(found),
            ) % {
                "count": len(found),
                "days": days,
                "dates": ", ".join(_day(d) for d in sorted(set(found))),
            }
            evidence = {"dates": [d.isoformat() for d in found]}
            hits[pupil_id] = Hit(pupil_id, evidence, reason)
    return hits


def conduct_notes(parameters: dict[str, Any], context: Context) -> dict[int, Hit]:
    """Pupils with at least `notes` conduct incidents (behaviour notes of the negative kind,
    not praise) written in the last `days` days."""
    needed, days = int(parameters["notes"]), int(parameters["days"])
    noted: dict[int, list[datetime.datetime]] = defaultdict(list)
    for pupil_id, created_at in (
        BehaviourNote.objects.filter(
            kind=BehaviourNote.Kind.INCIDENT,
            created_at__gt=context.now - datetime.timedelta(days=days),
            created_at__lte=context.now,
        )
        .order_by("created_at")
        .values_list("pupil_id", "created_at")
    ):
        since = context.followed_up.get((pupil_id, Rule.CONDUCT_NOTES))
        if since is None or created_at > since:
            noted[pupil_id].append(created_at)
    hits = {}
    with override(settings.LANGUAGE_CODE):
        for pupil_id, found in noted.items():
            if len(found) < needed:
                continue
            local = sorted({timezone.localdate(moment) for moment in found})
            reason = ngettext(
                "%(count)d conduct incident in %(days)d days (%(dates)s)",
                "%(count)d conduct incidents in %(days)d days (%(dates)s)",
                len(found),
            ) % {"count": len(found), "days": days, "dates": ", ".join(_day(d) for d in local)}
            evidence = {"dates": [moment.isoformat() for moment in found]}
            hits[pupil_id] = Hit(pupil_id, evidence, reason)
    return hits


def _table(model: type) -> str:
    return connection.ops.quote_name(model._meta.db_table)  # type: ignore[attr-defined]


def _subject_drop_sql() -> str:
    """Per pupil and scored subject: the latest term average of the current year and the
    average of the term before it (the same year's, or the last term of the year before)."""
    return (
        "WITH ranked AS (SELECT r.pupil_id, r.subject_id, r.term_id, r.average, "  # noqa: S608 - table names from models
        "r.school_year_id, row_number() OVER (PARTITION BY r.pupil_id, r.subject_id "
        "ORDER BY y.starts_on DESC, t.number DESC) AS n "
        f"FROM {_table(SubjectResult)} r JOIN {_table(Term)} t ON t.id = r.term_id "
        f"JOIN {_table(SchoolYear)} y ON y.id = r.school_year_id "
        "WHERE r.average IS NOT NULL AND r.school_year_id IN (%(year)s, %(previous)s)) "
        "SELECT a.pupil_id, s.code, s.name, a.term_id, b.average, a.average "
        "FROM ranked a JOIN ranked b ON b.pupil_id = a.pupil_id "
        "AND b.subject_id = a.subject_id AND b.n = 2 "
        f"JOIN {_table(Subject)} s ON s.id = a.subject_id "
        "WHERE a.n = 1 AND a.school_year_id = %(year)s AND b.average - a.average > %(drop)s "
        'ORDER BY a.pupil_id, s."order", s.code'
    )


def subject_drop(parameters: dict[str, Any], context: Context) -> dict[int, Hit]:
    """Pupils whose latest term average of the current year in a subject is down by more
    than `drop` from the term before (the same year's first term, or last year's last term).
    One flag per pupil, naming every subject that dropped."""
    drop = Decimal(str(parameters["drop"]))
    previous = (
        SchoolYear.objects.filter(starts_on__lt=context.year.starts_on)
        .order_by("-starts_on")
        .values_list("pk", flat=True)
        .first()
    )
    with connection.cursor() as cursor:
        cursor.execute(
            _subject_drop_sql(),
            {"year": context.year.pk, "previous": previous or 0, "drop": drop},
        )
        rows = cursor.fetchall()
    found: dict[int, list[tuple[str, str, int, Decimal, Decimal]]] = defaultdict(list)
    for pupil_id, code, name, term_id, before, after in rows:
        if (pupil_id, term_id) not in context.followed_up_terms:
            found[pupil_id].append((code, name, term_id, before, after))
    hits = {}
    with override(settings.LANGUAGE_CODE):
        for pupil_id, subjects in found.items():
            reason = "; ".join(
                _("%(subject)s: average down %(drop)s (%(before)s → %(after)s)")
                % {
                    "subject": name,
                    "drop": _number(before - after),
                    "before": _number(before),
                    "after": _number(after),
                }
                for _code, name, _term, before, after in subjects
            )
            evidence = {
                "term": subjects[0][2],
                "subjects": [
                    {"code": code, "before": str(before), "after": str(after)}
                    for code, _name, _term, before, after in subjects
                ],
            }
            hits[pupil_id] = Hit(pupil_id, evidence, reason)
    return hits


Evaluator = Callable[[dict[str, Any], Context], dict[int, Hit]]

# One evaluator per code of standards.schema.EARLY_WARNING_PARAMETERS (a test keeps them equal).
EVALUATORS: dict[str, Evaluator] = {
    Rule.ABSENCES: absences,
    Rule.SUBJECT_DROP: subject_drop,
    Rule.CONDUCT_NOTES: conduct_notes,
}
