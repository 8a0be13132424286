"""A family's privacy page and data download: consents per purpose, who opened the child's
record, and everything the school holds about the child. Runs in the school's schema."""

import datetime
from dataclasses import dataclass
from typing import Any

from accounts.models import User
from core_school.assessment.models import (
    ConductGrade,
    LearningResult,
    Mark,
    SubjectResult,
    YearOutcome,
)
from core_school.attendance.models import Absence, BehaviourNote
from core_school.people.consent_texts import CONSENT_TEXTS
from core_school.people.models import Consent, Guardian, Pupil, RecordAccess


@dataclass(frozen=True)
class ConsentRow:
    purpose: str
    label: str
    text: str
    version: str
    granted: bool | None  # None: never answered (silence is not consent)
    decided_at: datetime.datetime | None


def consent_rows(*, user: User, pupil: Pupil) -> list[ConsentRow]:
    """The current answer of this guardian for each purpose (one query)."""
    latest: dict[str, Consent] = {}
    for consent in Consent.objects.filter(pupil=pupil, guardian__user=user):
        latest.setdefault(consent.purpose, consent)  # newest first (Meta.ordering)
    return [
        ConsentRow(
            purpose=purpose,
            label=str(Consent.Purpose(purpose).label),
            text=str(text),
            version=version,
            granted=latest[purpose].granted if purpose in latest else None,
            decided_at=latest[purpose].decided_at if purpose in latest else None,
        )
        for purpose, (version, text) in CONSENT_TEXTS.items()
    ]


def record_accesses(*, pupil: Pupil) -> list[RecordAccess]:
    """Who (by role) opened the child's record and when, newest first (names stay private)."""
    return list(RecordAccess.objects.filter(pupil=pupil).only("roles", "kind", "accessed_at")[:100])


def _published_marks(pupil: Pupil) -> list[dict[str, Any]]:
    return [
        {
            "year": year,
            "term": term,
            "subject": subject,
            "column": f"tx{index}" if kind == "tx" else kind,
            "score": str(score) if score is not None else None,
            "passed": passed,
        }
        for year, term, subject, kind, index, score, passed in Mark.objects.filter(
            pupil=pupil, sheet__published_at__isnull=False
        )
        .order_by(
            "sheet__term__school_year__starts_on", "sheet__term__number", "sheet__subject__order"
        )
        .values_list(
            "sheet__term__school_year__name",
            "sheet__term__number",
            "sheet__subject__name",
            "kind",
            "index",
            "score",
            "passed",
        )
    ]


def child_data_export(*, pupil: Pupil) -> dict[str, Any]:
    """Everything the school holds about the child that a guardian may see, as plain data."""
    guardians = Guardian.objects.filter(guardianships__pupil=pupil).values_list(
        "full_name", "phone", "email"
    )
    return {
        "pupil": {
            "national_id": pupil.national_id,
            "full_name": pupil.full_name,
            "birth_date": pupil.birth_date.isoformat(),
            "sex": pupil.sex,
            "ethnicity": pupil.ethnicity,
            "address": pupil.address,
            "status": pupil.status,
        },
        "guardians": [{"full_name": n, "phone": p, "email": e} for n, p, e in guardians],
        "classes": [
            {
                "class": c,
                "school_year": y,
                "from": s.isoformat(),
                "to": t.isoformat() if t else None,
            }
            for c, y, s, t in pupil.enrolments.order_by("starts_on").values_list(
                "school_class__name", "school_class__school_year__name", "starts_on", "ends_on"
            )
        ],
        "published_marks": _published_marks(pupil),
        "subject_results": [
            {
                "year": y,
                "term": t,
                "subject": s,
                "average": str(a) if a is not None else None,
                "passed": p,
            }
            for y, t, s, a, p in SubjectResult.objects.filter(pupil=pupil).values_list(
                "school_year__name", "term__number", "subject__name", "average", "passed"
            )
        ],
        "learning": list(
            LearningResult.objects.filter(pupil=pupil).values(
                "school_year__name", "term__number", "level"
            )
        ),
        "conduct": list(
            ConductGrade.objects.filter(pupil=pupil).values(
                "school_year__name", "term__number", "level", "comment"
            )
        ),
        "year_outcomes": list(
            YearOutcome.objects.filter(pupil=pupil).values(
                "school_year__name", "stage", "decision", "award", "absences"
            )
        ),
        "absences": [
            {"date": d.isoformat(), "session": s, "status": st, "reason": r}
            for d, s, st, r in Absence.objects.filter(pupil=pupil)
            .order_by("register__date")
            .values_list("register__date", "register__session", "status", "reason")
        ],
        "behaviour_notes": [
            {"at": at.isoformat(), "kind": k, "text": t}
            for at, k, t in BehaviourNote.objects.filter(pupil=pupil).values_list(
                "created_at", "kind", "text"
            )
        ],
        "consents": [
            {"purpose": p, "granted": g, "text_version": v, "at": at.isoformat()}
            for p, g, v, at in Consent.objects.filter(pupil=pupil).values_list(
                "purpose", "granted", "text_version", "decided_at"
            )
        ],
        "record_accesses": [
            {"roles": r, "what": k, "at": at.isoformat()}
            for r, k, at in RecordAccess.objects.filter(pupil=pupil).values_list(
                "roles", "kind", "accessed_at"
            )
        ],
    }
