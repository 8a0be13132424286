"""The bridge between the public standards and a school: adoption and conformance.

Standards live in public (standards.StandardVersion); a school keeps its own copy
(core_school.standard.AdoptedStandard) and its Subject / SubjectGradePlan rows. Only this module
reads both sides (the import contracts keep standards and core_school apart).

- `adoption_preview`: exactly what adopting a version would change in the school's data, with
  the classes, mark sheets and records affected, and what blocks it.
- `standard_adopt`: one transaction: subjects and periods updated, the content copied in.
- `conformance_run`: the school's records checked against its adopted data dictionary; the
  counts (no names, no identifiers) are written to public for the operators.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from celery import shared_task
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, schema_context, tenant_context

from accounts.models import User
from core_school.academics.models import (
    SchoolClass,
    SchoolYear,
    Subject,
    SubjectGradePlan,
    TeachingAssignment,
)
from core_school.assessment import rules
from core_school.assessment.models import MarkSheet
from core_school.standard import conformance
from core_school.standard.models import AdoptedStandard
from core_school.standard.selectors import adopted_standard
from standards import diff as content_diff_module
from standards import selectors as standard_selectors
from standards.models import ConformanceResult, StandardVersion
from standards.national import national_content
from tenants import selectors as tenant_selectors
from tenants.models import School


@dataclass(frozen=True)
class SubjectImpact:
    code: str
    kind: str  # "added" | "removed" | "renamed" | "mode"
    old: str
    new: str
    assignments: int = 0
    mark_sheets: int = 0


@dataclass(frozen=True)
class PeriodImpact:
    code: str
    grade: int
    old: int | None
    new: int | None
    regular_old: int | None
    regular_new: int | None
    classes: int
    mark_sheets: int


@dataclass(frozen=True)
class RuleImpact:
    record: str
    field: str
    old: dict[str, Any] | None
    new: dict[str, Any] | None
    newly_failing: int


@dataclass
class AdoptionPreview:
    """What adopting `target` changes in this school, and what prevents it (blockers)."""

    current: int | None
    target: int
    subjects: list[SubjectImpact] = field(default_factory=list)
    periods: list[PeriodImpact] = field(default_factory=list)
    flags: list[content_diff_module.FlagChange] = field(default_factory=list)
    code_sets: list[content_diff_module.CodeSetChange] = field(default_factory=list)
    rules: list[RuleImpact] = field(default_factory=list)
    early_warning_changed: bool = False
    blockers: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (
            self.subjects
            or self.periods
            or self.flags
            or self.code_sets
            or self.rules
            or self.early_warning_changed
        )


def _regular(mode: str, periods: int | None) -> int | None:
    if periods is None:
        return None
    return rules.n_regular(periods) if mode == "scored" else 2


def _school_subjects() -> dict[str, dict[str, Any]]:
    """The school's subjects as rows: {code: {pk, name, short_name, mode, periods}} (2 queries)."""
    subjects: dict[str, dict[str, Any]] = {
        s.code: {"pk": s.pk, "name": s.name, "short_name": s.short_name, "mode": s.mode}
        | {"periods": {}}
        for s in Subject.objects.all()
    }
    by_pk = {row["pk"]: row for row in subjects.values()}
    for subject_id, grade, periods in SubjectGradePlan.objects.values_list(
        "subject_id", "grade", "periods_per_year"
    ):
        by_pk[subject_id]["periods"][str(grade)] = periods
    return subjects


def adoption_preview(
    *, version: StandardVersion, adopted: AdoptedStandard | None = None
) -> AdoptionPreview:
    """Exactly what adopting `version` would change in the current school's data. Runs in the
    school's schema; a fixed number of queries whatever the size of the school. Pass the
    school's `adopted` standard when the caller has it already."""
    adopted = adopted if adopted is not None else adopted_standard()
    old_content = adopted.content if adopted is not None else national_content()
    new_content = version.content
    preview = AdoptionPreview(current=adopted.version if adopted else None, target=version.number)
    school_subjects = _school_subjects()
    wanted = {s["code"]: s for s in new_content["subjects"]}

    year = SchoolYear.objects.filter(is_current=True).first()
    classes_by_grade: Counter[int] = Counter(
        dict(
            SchoolClass.objects.filter(school_year=year)
            .values_list("grade")
            .annotate(n=Count("pk"))
            .values_list("grade", "n")
        )
    )
    sheets_by_subject_grade: dict[tuple[int, int], int] = {
        (subject_id, grade): n
        for subject_id, grade, n in MarkSheet.objects.filter(school_class__school_year=year)
        .values_list("subject_id", "school_class__grade")
        .annotate(n=Count("pk"))
        .values_list("subject_id", "school_class__grade", "n")
    }
    sheets_by_subject: Counter[int] = Counter(
        dict(
            MarkSheet.objects.values_list("subject_id")
            .annotate(n=Count("pk"))
            .values_list("subject_id", "n")
        )
    )
    assignments_by_subject: Counter[int] = Counter(
        dict(
            TeachingAssignment.objects.values_list("subject_id")
            .annotate(n=Count("pk"))
            .values_list("subject_id", "n")
        )
    )

    for code, subject in wanted.items():
        row = school_subjects.get(code)
        label = f"{subject['names']['vi']} ({subject['short_name']})"
        if row is None:
            preview.subjects.append(SubjectImpact(code, "added", "", label))
            old_periods: dict[str, int] = {}
        else:
            old_periods = row["periods"]
            if row["name"] != subject["names"]["vi"] or row["short_name"] != subject["short_name"]:
                preview.subjects.append(
                    SubjectImpact(
                        code,
                        "renamed",
                        f"{row['name']} ({row['short_name']})",
                        label,
                        assignments_by_subject[row["pk"]],
                        sheets_by_subject[row["pk"]],
                    )
                )
            if row["mode"] != subject["mode"]:
                used = sheets_by_subject[row["pk"]]
                preview.subjects.append(
                    SubjectImpact(
                        code,
                        "mode",
                        row["mode"],
                        subject["mode"],
                        assignments_by_subject[row["pk"]],
                        used,
                    )
                )
                if used:
                    preview.blockers.append(
                        _(
                            "%(subject)s would change its assessment mode but %(n)s mark "
                            "sheets hold its marks."
                        )
                        % {"subject": row["name"], "n": used}
                    )
        for grade in sorted({*old_periods, *subject["periods"]}):
            was, now = old_periods.get(grade), subject["periods"].get(grade)
            if was == now:
                continue
            pk = row["pk"] if row else None
            preview.periods.append(
                PeriodImpact(
                    code,
                    int(grade),
                    was,
                    now,
                    _regular(row["mode"] if row else subject["mode"], was),
                    _regular(subject["mode"], now),
                    classes_by_grade[int(grade)],
                    sheets_by_subject_grade.get((pk, int(grade)), 0) if pk else 0,
                )
            )
    for code, row in school_subjects.items():
        if code in wanted:
            continue
        assignments, sheets = assignments_by_subject[row["pk"]], sheets_by_subject[row["pk"]]
        preview.subjects.append(
            SubjectImpact(
                code, "removed", f"{row['name']} ({row['short_name']})", "", assignments, sheets
            )
        )
        if assignments or sheets:
            preview.blockers.append(
                _(
                    "%(subject)s is not in version %(number)s but %(assignments)s teaching "
                    "assignments and %(sheets)s mark sheets use it: it cannot be removed."
                )
                % {
                    "subject": row["name"],
                    "number": version.number,
                    "assignments": assignments,
                    "sheets": sheets,
                }
            )

    changes = content_diff_module.content_diff(old_content, new_content)
    preview.flags = changes.flags
    preview.code_sets = changes.code_sets
    preview.early_warning_changed = changes.early_warning_changed
    if changes.rules:
        before = conformance.conformance_check(dictionary=old_content["data_dictionary"])
        after = conformance.conformance_check(dictionary=new_content["data_dictionary"])
        for change in changes.rules:
            failing_before = {
                f.record_id
                for f in before.failures
                if f.record == change.record and f.field == change.field
            }
            failing_after = {
                f.record_id
                for f in after.failures
                if f.record == change.record and f.field == change.field
            }
            preview.rules.append(
                RuleImpact(
                    change.record,
                    change.field,
                    change.old,
                    change.new,
                    len(failing_after - failing_before),
                )
            )
    return preview


def _subjects_apply(*, content: dict[str, Any]) -> None:
    """Make the school's Subject and SubjectGradePlan rows those of `content`."""
    existing = {s.code: s for s in Subject.objects.all()}
    plans = {(p.subject_id, p.grade): p for p in SubjectGradePlan.objects.all()}
    wanted_codes = set()
    for order, item in enumerate(content["subjects"], start=1):
        wanted_codes.add(item["code"])
        subject = existing.get(item["code"])
        values = {
            "name": item["names"]["vi"],
            "short_name": item["short_name"],
            "mode": item["mode"],
            "order": order,
        }
        if subject is None:
            subject = Subject.objects.create(code=item["code"], **values)
        elif any(getattr(subject, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(subject, key, value)
            subject.save(update_fields=list(values))
        grades = {int(g): n for g, n in item["periods"].items()}
        for grade, periods in grades.items():
            plan = plans.get((subject.pk, grade))
            if plan is None:
                SubjectGradePlan.objects.create(
                    subject=subject, grade=grade, periods_per_year=periods
                )
            elif plan.periods_per_year != periods:
                plan.periods_per_year = periods
                plan.save(update_fields=["periods_per_year"])
        SubjectGradePlan.objects.filter(subject=subject).exclude(grade__in=grades).delete()
    Subject.objects.exclude(code__in=wanted_codes).delete()


def standard_adopt_here(*, version: StandardVersion, actor: User | None) -> AdoptedStandard:
    """Adopt a published `version` in the current school's schema, in one transaction.

    ValidationError (nothing changed) when the version is a draft or when the preview has
    blockers (a subject to remove that is still used, a mode change with marks).
    """
    if not version.is_published:
        raise ValidationError(_("Only a published version can be adopted."), code="draft")
    with transaction.atomic():
        preview = adoption_preview(version=version)
        if preview.blockers:
            raise ValidationError(preview.blockers, code="blocked")
        _subjects_apply(content=version.content)
        return AdoptedStandard.objects.create(
            version=version.number,
            content=version.content,
            adopted_by=actor if actor is not None and actor.pk else None,
        )


def standard_adopt(
    *, school: School, version: StandardVersion, actor: User | None = None
) -> AdoptedStandard:
    """`standard_adopt_here` inside `school`'s schema (from the public side)."""
    # TENANCY: the school's copy and its subjects are written in its own schema.
    with tenant_context(school):
        return standard_adopt_here(version=version, actor=actor)


def standard_adopt_current(*, school: School) -> int:
    """Adopt the newest published version in a new school; returns its number."""
    version = standard_selectors.version_current()
    if version is None:
        raise ValidationError(_("There is no published standard to adopt."), code="none")
    standard_adopt(school=school, version=version)
    return version.number


def newer_version_for_school(*, adopted: AdoptedStandard | None = None) -> StandardVersion | None:
    """The newest published version if it is newer than the current school's adoption."""
    current = standard_selectors.version_current()
    adopted = adopted if adopted is not None else adopted_standard()
    if current is None or (adopted is not None and adopted.version >= current.number):
        return None
    return current


# ---------------------------------------------------------------------------------------------
# Conformance
# ---------------------------------------------------------------------------------------------


def conformance_report_here() -> tuple[int | None, conformance.ConformanceReport]:
    """(adopted version, report) for the current school's schema."""
    adopted = adopted_standard()
    content = adopted.content if adopted is not None else national_content()
    report = conformance.conformance_check(dictionary=content["data_dictionary"])
    return (adopted.version if adopted else None), report


def conformance_store(
    *, school: School, version: int | None, report: conformance.ConformanceReport
) -> ConformanceResult:
    """Write the counts of `report` to public (no name, no identifier), and keep them in the
    school's schema too, where the pilot's data quality follows them week by week."""
    checked_at = timezone.now()
    # TENANCY: the school's own history of checks lives in its schema.
    with tenant_context(school):
        conformance.conformance_check_keep(
            version=version or 0, report=report, checked_at=checked_at
        )
    # TENANCY: the operators read the score from the public schema.
    with schema_context(get_public_schema_name()):
        result, _created = ConformanceResult.objects.update_or_create(
            school=school,
            defaults={
                "version": version or 0,
                "checked_at": checked_at,
                "records": report.records,
                "failing": report.failing,
                "score": report.score,
                "per_rule_counts": report.per_rule_counts,
            },
        )
    return result


def conformance_run(*, school: School) -> ConformanceResult:
    """Check `school`'s records against its adopted dictionary; store the counts in public."""
    # TENANCY: the records are read inside the school's own schema only.
    with tenant_context(school):
        version, report = conformance_report_here()
    return conformance_store(school=school, version=version, report=report)


def failures_by_rule(report: conformance.ConformanceReport) -> dict[str, list[Any]]:
    grouped: dict[str, list[Any]] = defaultdict(list)
    for failure in report.failures:
        grouped[f"{failure.record}.{failure.field}.{failure.rule}"].append(failure)
    return dict(grouped)


@shared_task
def conformance_check_task(school_id: int) -> str:
    """Check one school (sent from the public schema with its id) and store its score."""
    with schema_context(get_public_schema_name()):
        school = School.objects.get(pk=school_id)
    return str(conformance_run(school=school).score)


@shared_task
def conformance_fanout_task(spread_seconds: int = 600) -> int:
    """Nightly: one conformance check per ready school, spread out (no herd)."""
    import random

    count = 0
    with schema_context(get_public_schema_name()):
        schools = list(tenant_selectors.school_list_ready())
    for school in schools:
        conformance_check_task.apply_async(
            kwargs={"school_id": school.pk},
            countdown=random.uniform(0, spread_seconds),  # noqa: S311 - jitter
        )
        count += 1
    return count
