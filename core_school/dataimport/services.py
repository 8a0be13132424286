"""Import a school's lists (pupils, staff, classes, guardians) from the files it already has.
Runs inside the current school's schema.

`import_preview` reads an upload, checks every row against the school and says what a commit
would create, update or leave unchanged, with every problem (row, column, value, reason). A
file with problems is not stored; a clean one becomes an ImportRun (its file under
MEDIA_ROOT/<schema>/imports/). `import_commit` reads the stored file again, checks it again
against the school as it is now, and writes everything in one transaction, or nothing.
Importing the same file again changes nothing.

NOTE: people and academics have no services that create pupils, guardians, staff, classes or
enrolments yet; the plans write those rows in bulk (history triggers record every row) and keep
their rules (one open enrolment per class, moves as a transfer makes them).
"""

import hashlib
from dataclasses import dataclass

import pghistory
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from config.errors import ApplicationError
from core_school.dataimport import layouts, permissions
from core_school.dataimport.exceptions import (
    ImportFileError,
    ImportPermissionError,
    ImportProblemsError,
)
from core_school.dataimport.layouts import Kind
from core_school.dataimport.models import ImportRun
from core_school.dataimport.plans import Plan, plan_make
from core_school.dataimport.spreadsheet_read import workbook_read
from core_school.dataimport.table import table_read
from core_school.dataimport.types import Preview
from core_school.people.access import Actor

# The largest file read (bytes); checked before anything is parsed.
DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024


def max_file_size() -> int:
    """The upload limit: the DATAIMPORT_MAX_FILE_SIZE setting, 10 MB by default."""
    return int(getattr(settings, "DATAIMPORT_MAX_FILE_SIZE", DEFAULT_MAX_FILE_SIZE))


@dataclass(frozen=True)
class PreviewResult:
    """The preview of a file, and its run when it was clean and stored (else None)."""

    preview: Preview
    run: ImportRun | None


def _allowed(actor: Actor | None) -> None:
    """The command line passes no actor (it runs on the server, for the operator)."""
    if actor is not None and not permissions.may_import(actor=actor):
        raise ImportPermissionError(
            _("Only the principal and the school administrator import the school's lists.")
        )


def _choices(*, kind: str, layout: str) -> None:
    if kind not in {k.value for k in Kind}:
        raise ApplicationError(
            _("Unknown kind of list “%(kind)s”: choose pupils, staff, classes or guardians.")
            % {"kind": kind},
            {"field": "kind"},
        )
    if layout != layouts.AUTO and layout not in {v.value for v in layouts.Layout}:
        raise ApplicationError(
            _("Unknown layout “%(layout)s”: choose auto, ministry, vnedu or smas.")
            % {"layout": layout},
            {"field": "layout"},
        )


def file_size_check(*, file_name: str, size: int) -> None:
    """Refuse a file above the limit before it is read. Raises ImportFileError giving the
    file's size and the limit."""
    limit = max_file_size()
    if size > limit:
        raise ImportFileError(
            _(
                "%(name)s is %(size)s; the limit is %(limit)s. Split the list or remove what "
                "it does not need (pictures, other sheets)."
            )
            % {
                "name": file_name,
                "size": filesizeformat(size),
                "limit": filesizeformat(limit),
            },
            {"size": size, "limit": limit},
        )


def _plan(*, kind: str, layout: str, file_name: str, data: bytes) -> tuple[Preview, Plan]:
    file_size_check(file_name=file_name, size=len(data))
    limit = max_file_size()
    workbook = workbook_read(data=data, file_name=file_name, max_bytes=limit)
    table = table_read(workbook, kind=Kind(kind), layout=layout)
    plan = plan_make(table)
    preview = Preview(
        kind=kind,
        layout=table.layout.value,
        file_name=file_name,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        rows=len(table.rows),
        counts=plan.counts,
        problems=plan.problems,
        changes=plan.changes,
        columns={field: header for field, (_i, header) in table.columns.columns.items()},
        ignored_columns=table.ignored_columns,
    )
    return preview, plan


def import_preview(
    *,
    actor: Actor | None,
    kind: str,
    layout: str,
    file_name: str,
    data: bytes,
    store: bool = True,
) -> PreviewResult:
    """Read and check an uploaded list of `kind` in `layout` ("auto": detected).

    Nothing of the school changes. When no row has a problem and `store` is true, the file is
    kept as an ImportRun ready to commit. Raises ImportFileError when the file as a whole
    cannot be read (too big, damaged, wrong encoding, required columns missing),
    ImportPermissionError for anyone but the principal and the school administrator.
    """
    _allowed(actor)
    _choices(kind=kind, layout=layout)
    file_name = (file_name or "upload").rsplit("/", 1)[-1].rsplit("\\", 1)[-1][-255:]
    preview, _plan_made = _plan(kind=kind, layout=layout, file_name=file_name, data=data)
    if preview.problems or not store:
        return PreviewResult(preview=preview, run=None)
    return PreviewResult(preview=preview, run=_run_create(preview, data=data, actor=actor))


@transaction.atomic(durable=True)
def _run_create(preview: Preview, *, data: bytes, actor: Actor | None) -> ImportRun:
    run = ImportRun(
        kind=preview.kind,
        layout=preview.layout,
        file_name=preview.file_name,
        sha256=preview.sha256,
        size=preview.size,
        rows=preview.rows,
        counts=preview.counts,
        summary=preview.summary(),
        created_by=actor.user if actor else None,
    )
    # TENANCY: the default storage puts the file under MEDIA_ROOT/<this school's schema>/.
    run.file.save(preview.file_name, ContentFile(data), save=False)
    try:
        run.save()
    except Exception:
        run.file.delete(save=False)
        raise
    return run


def problems_error(preview: Preview) -> ImportProblemsError:
    """The error that lists every problem of `preview` (for the API and the command line)."""
    n = len(preview.problems)
    return ImportProblemsError(
        ngettext(
            "The file has %(n)s problem; nothing was written. Correct it and upload it again.",
            "The file has %(n)s problems; nothing was written. Correct them and upload it again.",
            n,
        )
        % {"n": n},
        {
            "problems": [p.as_dict() for p in preview.problems],
            "preview": preview.summary(),
        },
    )


@transaction.atomic(durable=True)
def import_commit(*, run_id: int, actor: Actor | None) -> ImportRun:
    """Write a previewed file into the school: everything in one transaction, or nothing.

    The stored file is read and checked again against the school as it is now. Raises
    ImportProblemsError listing every problem (nothing written), ApplicationError when the run
    is unknown or already committed or its file is gone, ImportPermissionError for anyone but
    the principal and the school administrator.
    """
    _allowed(actor)
    run = ImportRun.objects.select_for_update().filter(pk=run_id).first()
    if run is None:
        raise ApplicationError(_("There is no such import."), {"field": "id"})
    if run.status == ImportRun.Status.COMMITTED:
        raise ApplicationError(
            _("This file was already committed on %(when)s.")
            % {"when": timezone.localtime(run.committed_at).strftime("%d/%m/%Y %H:%M")}
        )
    try:
        with run.file.open("rb") as stored:
            data = stored.read()
    except OSError:
        raise ApplicationError(_("The uploaded file is gone: upload it again.")) from None
    if hashlib.sha256(data).hexdigest() != run.sha256:
        raise ApplicationError(_("The uploaded file changed since its preview: upload it again."))
    preview, plan = _plan(kind=run.kind, layout=run.layout, file_name=run.file_name, data=data)
    if preview.problems:
        raise problems_error(preview)
    user_id = actor.user.pk if actor else None
    try:
        with pghistory.context(user=user_id, reason=f"import {run.kind} {run.file_name}"):
            plan.apply()
    except IntegrityError:
        raise ApplicationError(
            _("The school's lists changed while this file was written: upload it again.")
        ) from None
    run.status = ImportRun.Status.COMMITTED
    run.committed_at = timezone.now()
    run.committed_by = actor.user if actor else None
    run.counts = preview.counts
    run.summary = preview.summary()
    run.rows = preview.rows
    run.save(update_fields=["status", "committed_at", "committed_by", "counts", "summary", "rows"])
    return run
