"""Reads for the school data import: the runs, the onboarding dates, and the school's lists as
rows to export. Runs inside the current school's schema."""

import datetime
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from config.errors import ApplicationError
from core_school.academics.models import Enrolment, SchoolClass, SchoolYear
from core_school.dataimport.cells import phone_key
from core_school.dataimport.layouts import Kind, Layout
from core_school.dataimport.models import ImportRun
from core_school.dataimport.spreadsheet_write import FORMATS, ExportFile, export_file
from core_school.people.models import Guardianship, StaffMember
from core_school.people.names import name_sort_key

# How many runs the import page lists.
RECENT_RUNS = 20


def import_first_committed_at(kind: str) -> datetime.datetime | None:
    """When the school first committed an import of `kind` ("pupils", "staff", "classes",
    "guardians"), or None: the onboarding checklist's date for that step."""
    return (
        ImportRun.objects.filter(kind=kind, status=ImportRun.Status.COMMITTED)
        .order_by("committed_at")
        .values_list("committed_at", flat=True)
        .first()
    )


def import_run_list(*, limit: int = RECENT_RUNS) -> QuerySet[ImportRun]:
    """The latest runs, newest first, with who uploaded and committed them."""
    return ImportRun.objects.select_related("created_by", "committed_by").order_by(
        "-created_at", "-pk"
    )[:limit]


def import_run_get(*, run_id: int) -> ImportRun | None:
    return ImportRun.objects.select_related("created_by", "committed_by").filter(pk=run_id).first()


def import_earlier_commit(*, run: ImportRun) -> ImportRun | None:
    """The first run of the same file and kind committed before `run` was uploaded (to say
    "already imported on …")."""
    return (
        ImportRun.objects.filter(
            kind=run.kind,
            sha256=run.sha256,
            status=ImportRun.Status.COMMITTED,
            committed_at__lt=run.created_at,
        )
        .exclude(pk=run.pk)
        .order_by("committed_at")
        .first()
    )


def _phone(value: str) -> str:
    """A stored phone number as the lists write it (0912345678), or as stored if it is none."""
    return phone_key(value) or value


def _current_year() -> SchoolYear | None:
    return SchoolYear.objects.filter(is_current=True).first()


def export_rows(*, kind: str) -> list[dict[str, Any]]:
    """The school's list of `kind` as rows of fields (the layouts name the columns): pupils of
    the current year's classes with their guardians, all staff, the current year's classes,
    and one row per guardian and child. A fixed number of queries."""
    return {
        Kind.PUPILS: _pupil_rows,
        Kind.STAFF: _staff_rows,
        Kind.CLASSES: _class_rows,
        Kind.GUARDIANS: _guardian_rows,
    }[Kind(kind)]()


def _pupil_rows() -> list[dict[str, Any]]:
    year = _current_year()
    if year is None:
        return []
    enrolments = list(
        Enrolment.objects.filter(ends_on__isnull=True, school_class__school_year=year)
        .select_related("pupil", "school_class")
        .order_by("school_class__grade", "school_class__name", "pk")
    )
    slots: dict[int, dict[str, Any]] = {}
    for link in (
        Guardianship.objects.filter(pupil_id__in=[e.pupil_id for e in enrolments])
        .select_related("guardian")
        .order_by("pk")
    ):
        row = slots.setdefault(link.pupil_id, {})
        prefix = link.relationship  # father / mother / guardian
        if f"{prefix}_name" not in row:
            row[f"{prefix}_name"] = link.guardian.full_name
            row[f"{prefix}_phone"] = _phone(link.guardian.phone)
    rows: list[dict[str, Any]] = []
    done: set[int] = set()
    for enrolment in enrolments:
        pupil = enrolment.pupil
        if pupil.pk in done:
            continue
        done.add(pupil.pk)
        rows.append(
            {
                "national_id": pupil.national_id,
                "full_name": pupil.full_name,
                "birth_date": pupil.birth_date,
                "sex": pupil.sex,
                "ethnicity": pupil.ethnicity,
                "class_name": enrolment.school_class.name,
                "address": pupil.address,
                **slots.get(pupil.pk, {}),
                "_order": (
                    enrolment.school_class.grade,
                    enrolment.school_class.name,
                    name_sort_key(pupil.full_name),
                ),
            }
        )
    rows.sort(key=lambda row: row.pop("_order"))
    return rows


def _staff_rows() -> list[dict[str, Any]]:
    return [
        {
            "staff_code": member.staff_code,
            "full_name": member.full_name,
            "birth_date": member.birth_date,
            "sex": member.sex,
            "position": member.position,
            "specialty": member.specialty,
            "phone": _phone(member.phone),
            "email": member.email,
        }
        for member in StaffMember.objects.order_by("staff_code")
    ]


def _class_rows() -> list[dict[str, Any]]:
    year = _current_year()
    if year is None:
        return []
    return [
        {
            "class_name": school_class.name,
            "grade": school_class.grade,
            "homeroom_code": (
                school_class.homeroom_teacher.staff_code if school_class.homeroom_teacher else ""
            ),
            "homeroom_name": (
                school_class.homeroom_teacher.full_name if school_class.homeroom_teacher else ""
            ),
        }
        for school_class in SchoolClass.objects.filter(school_year=year)
        .select_related("homeroom_teacher")
        .order_by("grade", "name")
    ]


def _guardian_rows() -> list[dict[str, Any]]:
    links = Guardianship.objects.select_related("pupil", "guardian").order_by(
        "pupil__national_id", "pk"
    )
    return [
        {
            "national_id": link.pupil.national_id,
            "pupil_name": link.pupil.full_name,
            "full_name": link.guardian.full_name,
            "relationship": link.relationship,
            "phone": _phone(link.guardian.phone),
            "email": link.guardian.email,
        }
        for link in links
    ]


def list_export(*, kind: str, layout: str, file_format: str, empty: bool = False) -> ExportFile:
    """The school's list of `kind` as a file in `layout` (xlsx or csv); `empty`: the layout's
    empty template. Raises ApplicationError for an unknown kind, layout or format."""
    if (
        kind not in {k.value for k in Kind}
        or layout not in {v.value for v in Layout}
        or file_format not in FORMATS
    ):
        raise ApplicationError(
            _("Unknown list, layout or format: %(what)s.")
            % {"what": f"{kind} / {layout} / {file_format}"}
        )
    rows = [] if empty else export_rows(kind=kind)
    year = _current_year()
    school = getattr(connection.tenant, "name", "")
    subtitle = " — ".join(part for part in (school, year.name if year else "") if part)
    return export_file(
        kind=kind, layout=layout, rows=rows, file_format=file_format, subtitle=subtitle
    )
