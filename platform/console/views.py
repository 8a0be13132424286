"""Pages of the operators' console (root domain, public schema).

Every page needs a signed-in operator, university monitor or superuser with TOTP
(access.console_required). A school outside the actor's nodes answers 404; a change by
someone who may only read answers 403. Each change calls one service (one transaction) and
reports a refusal with a message.
"""

import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from accounts.models import User
from console import selectors, services
from console.access import ConsoleActor, console_required, operator_required
from console.forms import (
    BatchConfirmForm,
    BatchUploadForm,
    DeleteForm,
    ReasonForm,
    RestoreForm,
    SchoolFilterForm,
    SchoolRequestForm,
    encode_upload,
)
from console.models import OperatorToken
from onboarding import checklist, provisioning
from onboarding.models import ProvisioningBatch
from standards import selectors as standard_selectors
from tenants import lifecycle
from tenants import selectors as tenant_selectors
from tenants.models import Cohort, School

PAGE_SIZE = 50


def _actor(request: HttpRequest) -> ConsoleActor:
    return request.console_actor  # type: ignore[attr-defined,no-any-return]


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _refusal(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


def _form_errors(form: object, error: ValidationError) -> None:
    """Put a service's ValidationError on the form's fields (or on the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None  # type: ignore[attr-defined]
            for item in errors:
                form.add_error(target, item)  # type: ignore[attr-defined]
    else:
        form.add_error(None, error)  # type: ignore[attr-defined]


# ---------------------------------------------------------------------------------------------
# The list
# ---------------------------------------------------------------------------------------------


@require_GET
@console_required
def school_list(request: HttpRequest) -> HttpResponse:
    """The schools under the actor's nodes, with how many are in each status, filtered and
    paginated."""
    actor = _actor(request)
    authorities = selectors.authority_list_for_actor(actor=actor)
    form = SchoolFilterForm(request.GET or None, authorities=authorities)
    filters = form.filters()
    scope = selectors.school_list_for_actor(actor=actor)
    counted = selectors.school_list_filtered(schools=scope, filters=filters, with_status=False)
    schools = selectors.school_list_filtered(schools=scope, filters=filters)
    page = Paginator(schools.order_by("name", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    status_query = request.GET.copy()
    for key in ("page", "status"):
        status_query.pop(key, None)
    return render(
        request,
        "console/school_list.html",
        {
            "actor": actor,
            "form": form,
            "page": page,
            "counts": selectors.school_status_counts(schools=counted),
            "filters": filters,
            "query": query.urlencode(),
            "status_query": status_query.urlencode(),
        },
    )


# ---------------------------------------------------------------------------------------------
# Provisioning: one school, or many from a file
# ---------------------------------------------------------------------------------------------


@console_required
@operator_required
def school_new(request: HttpRequest) -> HttpResponse:
    """Request a new school: it is provisioned in the background and shows its progress."""
    actor = _actor(request)
    authorities = selectors.authority_list_for_actor(actor=actor)
    form = SchoolRequestForm(request.POST or None, authorities=authorities)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            school = provisioning.school_request(
                name=data["name"],
                code=data["code"],
                slug=data["slug"],
                authority=data["authority"],
                is_pilot=data["is_pilot"],
                admin_name=data["admin_name"],
                admin_email=data["admin_email"],
                admin_phone=data["admin_phone"],
                actor=_user(request),
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is requested: it is being set up and will go live by itself.")
                % {"name": school.name},
            )
            return redirect("console:school_detail", code=school.code)
    return render(request, "console/school_new.html", {"form": form, "actor": actor})


# The columns of the preview table, from what batch_preview reads in each row.
PREVIEW_COLUMNS = [
    ("name", _lazy("School name")),
    ("code", _lazy("School code")),
    ("slug", _lazy("Host name")),
    ("authority_code", _lazy("Authority")),
    ("is_pilot", _lazy("Pilot")),
    ("admin_name", _lazy("First administrator")),
    ("admin_email", _lazy("E-mail")),
    ("admin_phone", _lazy("Phone")),
]


def _preview_rows(preview: provisioning.BatchPreview) -> list[tuple[object, list[object]]]:
    """(file row, the cells of the preview table) for each school the file describes."""
    yes = _("yes")
    return [
        (
            row.get("row"),
            [
                (yes if row.get(key) else "") if key == "is_pilot" else row.get(key, "")
                for key, _label in PREVIEW_COLUMNS
            ],
        )
        for row in preview.rows
    ]


@console_required
@operator_required
def school_import(request: HttpRequest) -> HttpResponse:
    """Many schools from one CSV file: upload, see every problem, confirm, watch them go
    live. Nothing is created unless the whole file is right."""
    actor = _actor(request)
    context: dict[str, object] = {
        "actor": actor,
        "preview_columns": PREVIEW_COLUMNS,
        "csv_columns": provisioning.BATCH_COLUMNS,
        "required_columns": provisioning.REQUIRED_COLUMNS,
    }
    if request.method == "POST" and "content" in request.POST:
        confirm = BatchConfirmForm(request.POST)
        if not confirm.is_valid():
            messages.error(request, _("The file could not be read again: upload it again."))
            context["form"] = BatchUploadForm()
            return render(request, "console/school_import.html", context)
        content, name = confirm.cleaned_data["content"], confirm.cleaned_data["file_name"]
        try:
            batch = provisioning.batch_create(
                file_bytes=content, file_name=name, actor=_user(request)
            )
        except ValidationError:
            # The file changed meaning since the preview (a code taken meanwhile): show why.
            messages.error(request, _("Nothing was created: the file has problems."))
            preview = provisioning.batch_preview(
                file_bytes=content, file_name=name, actor=_user(request)
            )
            context.update({"preview": preview, "preview_rows": _preview_rows(preview)})
            context["form"] = BatchUploadForm()
            return render(request, "console/school_import.html", context)
        messages.success(
            request,
            ngettext(
                "%(n)s school is being set up.", "%(n)s schools are being set up.", batch.total
            )
            % {"n": batch.total},
        )
        return redirect("console:batch_detail", batch_id=batch.pk)

    form = BatchUploadForm(request.POST or None, request.FILES or None)
    context["form"] = form
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        preview = provisioning.batch_preview(
            file_bytes=content, file_name=upload.name, actor=_user(request)
        )
        context["preview"] = preview
        context["preview_rows"] = _preview_rows(preview)
        if not preview.problems:
            context["confirm"] = BatchConfirmForm(
                initial={"content": encode_upload(content), "file_name": upload.name}
            )
    return render(request, "console/school_import.html", context)


def _batch_for_actor(request: HttpRequest, batch_id: uuid.UUID) -> ProvisioningBatch:
    """A batch its creator (or a superuser) follows; 404 for anyone else."""
    actor = _actor(request)
    batches = ProvisioningBatch.objects.all()
    if not actor.is_superuser:
        batches = batches.filter(created_by=actor.user)
    batch = batches.filter(pk=batch_id).first()
    if batch is None:
        raise Http404
    return batch


@require_GET
@console_required
def batch_detail(request: HttpRequest, batch_id: uuid.UUID) -> HttpResponse:
    """A batch's progress: a bar and each school's status. The page refreshes its figures
    every second with JavaScript (console_batch.js); without it, reload the page."""
    batch = _batch_for_actor(request, batch_id)
    progress = _labelled(provisioning.batch_progress(batch=batch))
    return render(
        request,
        "console/batch_detail.html",
        {
            "actor": _actor(request),
            "batch": batch,
            "progress": progress,
            "percent": _percent(progress),
        },
    )


def _labelled(progress: dict[str, object]) -> dict[str, object]:
    """The progress with each school's status in words (Vietnamese first)."""
    labels = dict(School.Status.choices)
    schools = [
        {**school, "status_label": str(labels.get(school["status"], school["status"]))}
        for school in progress.get("schools", [])  # type: ignore[attr-defined]
    ]
    return {**progress, "schools": schools}


def _percent(progress: dict[str, object]) -> int:
    total = int(progress.get("total") or 0)  # type: ignore[call-overload]
    finished = int(progress.get("done") or 0) + int(progress.get("failed") or 0)  # type: ignore[call-overload]
    return 100 if total == 0 else min(100, finished * 100 // total)


@never_cache
@require_GET
@console_required
def batch_progress_json(request: HttpRequest, batch_id: uuid.UUID) -> JsonResponse:
    """The batch's progress in JSON, polled by the batch page."""
    batch = _batch_for_actor(request, batch_id)
    progress = _labelled(provisioning.batch_progress(batch=batch))
    return JsonResponse({**progress, "percent": _percent(progress)})


@console_required
@operator_required
def school_restore(request: HttpRequest) -> HttpResponse:
    """A new school from an export archive (the archived school's data, new name and host)."""
    actor = _actor(request)
    authorities = selectors.authority_list_for_actor(actor=actor)
    form = RestoreForm(request.POST or None, request.FILES or None, authorities=authorities)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with tempfile.TemporaryDirectory(prefix="restore-") as folder:
            archive = Path(folder) / Path(data["archive"].name).name
            with archive.open("wb") as out:
                for chunk in data["archive"].chunks():
                    out.write(chunk)
            try:
                school = lifecycle.school_restore(
                    archive=archive,
                    name=data["name"],
                    code=data["code"],
                    slug=data["slug"],
                    authority=data["authority"],
                    actor=_user(request),
                )
            except ValidationError as error:
                _form_errors(form, error)
                school = None
        if school is not None:
            messages.success(request, _("%(name)s is restored.") % {"name": school.name})
            return redirect("console:school_detail", code=school.code)
    return render(request, "console/school_restore.html", {"form": form, "actor": actor})


# ---------------------------------------------------------------------------------------------
# One school: its page and its actions
# ---------------------------------------------------------------------------------------------


def _available_actions(school: School) -> set[str]:
    """The actions offered in the school's status, as tenants.lifecycle allows them (the
    services decide: a refused transition comes back as a message)."""
    status = school.status
    opened = (School.Status.ONBOARDING, School.Status.LIVE)
    provisioned = (*opened, School.Status.SUSPENDED, School.Status.FAILED)
    actions: set[str] = set()
    if status == School.Status.FAILED:
        actions.add("retry")
    if status == School.Status.ONBOARDING:
        actions.add("go_live")
    if status in opened:
        actions |= {"suspend", "invite_again", "checklist_refresh"}
    if status == School.Status.SUSPENDED:
        actions.add("resume")
    if status in provisioned:
        actions.add("archive")
    if status == School.Status.ARCHIVED and school.deletion_due_at is None:
        actions.add("unarchive")
    if status in (*opened, School.Status.SUSPENDED, School.Status.ARCHIVED):
        actions.add("export")
    if status != School.Status.FAILED:
        actions.add("cohort")
    if school.deletion_due_at is not None:
        actions.add("delete_cancel")
    elif status in (*provisioned, School.Status.ARCHIVED):
        actions.add("delete")
    return actions


@require_GET
@console_required
def school_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A school: its data and status, provisioning, onboarding checklist, lifecycle actions
    (for those who may act) and what happened to it."""
    actor = _actor(request)
    school = selectors.school_get_for_actor(actor=actor, code=code)
    may_act = actor.may_act_on(school)
    return render(
        request,
        "console/school_detail.html",
        {
            "actor": actor,
            # NOTE: not "school": base.html reads that name as the school whose host this is.
            "managed": school,
            "may_act": may_act,
            "actions": _available_actions(school) if may_act else set(),
            "provisioning": selectors.provisioning_for_school(school=school),
            "conformance": standard_selectors.conformance_for_school(school=school),
            "checklist": checklist.school_checklist(school=school),
            "events": tenant_selectors.school_events(school=school),
            "exports": tenant_selectors.school_exports(school=school) if may_act else [],
            "cohorts": Cohort.choices,
            "cohort_label": Cohort(school.cohort).label,
            "reason_form": ReasonForm(),
            "delete_form": DeleteForm(),
        },
    )


def _run_retry(request: HttpRequest, school: School) -> str:
    provisioning.provision_retry(school=school, actor=_user(request))
    return _("Provisioning of %(name)s starts again.")


def _run_suspend(request: HttpRequest, school: School) -> str:
    form = ReasonForm(request.POST)
    if not form.is_valid():
        raise ValidationError(_("Say why the school is suspended."))
    lifecycle.school_suspend(
        school=school, reason=form.cleaned_data["reason"], actor=_user(request)
    )
    return _("%(name)s is suspended: nobody can sign in until it is resumed.")


def _run_resume(request: HttpRequest, school: School) -> str:
    lifecycle.school_resume(school=school, actor=_user(request))
    return _("%(name)s is open again.")


def _run_archive(request: HttpRequest, school: School) -> str:
    form = ReasonForm(request.POST)
    if not form.is_valid():
        raise ValidationError(_("Say why the school is archived."))
    lifecycle.school_archive(
        school=school, reason=form.cleaned_data["reason"], actor=_user(request)
    )
    return _("%(name)s is archived.")


def _run_unarchive(request: HttpRequest, school: School) -> str:
    lifecycle.school_unarchive(school=school, actor=_user(request))
    return _("%(name)s is out of the archive.")


def _run_export(request: HttpRequest, school: School) -> str:
    services.school_export_enqueue(school=school, actor=_user(request))
    return _("The export of %(name)s has started: it appears below when ready (reload the page).")


def _run_delete(request: HttpRequest, school: School) -> str:
    form = DeleteForm(request.POST)
    if not form.is_valid():
        raise ValidationError(_("Type the school's code to confirm the deletion."))
    lifecycle.school_delete_request(
        school=school, confirm_code=form.cleaned_data["confirm_code"].strip(), actor=_user(request)
    )
    return _("%(name)s will be deleted at the end of the retention period, unless cancelled.")


def _run_delete_cancel(request: HttpRequest, school: School) -> str:
    lifecycle.school_delete_cancel(school=school, actor=_user(request))
    return _("The deletion of %(name)s is cancelled.")


def _run_go_live(request: HttpRequest, school: School) -> str:
    checklist.school_go_live(school=school, actor=_user(request))
    return _("%(name)s is live.")


def _run_invite_again(request: HttpRequest, school: School) -> str:
    provisioning.admin_invite_again(school=school, actor=_user(request))
    return _("The invitation of %(name)s's first administrator is sent again.")


def _run_checklist_refresh(request: HttpRequest, school: School) -> str:
    if school.status not in (School.Status.ONBOARDING, School.Status.LIVE):
        raise ValidationError(_("Only an open school has a checklist to refresh."))
    checklist.milestones_refresh(school=school)
    return _("The onboarding checklist of %(name)s is up to date.")


def _run_cohort(request: HttpRequest, school: School) -> str:
    lifecycle.school_cohort_set(
        school=school, cohort=request.POST.get("cohort", ""), actor=_user(request)
    )
    return _("The pilot cohort of %(name)s is saved.")


ACTIONS: dict[str, Callable[[HttpRequest, School], str]] = {
    "retry": _run_retry,
    "suspend": _run_suspend,
    "resume": _run_resume,
    "archive": _run_archive,
    "unarchive": _run_unarchive,
    "export": _run_export,
    "delete": _run_delete,
    "delete_cancel": _run_delete_cancel,
    "go_live": _run_go_live,
    "invite_again": _run_invite_again,
    "checklist_refresh": _run_checklist_refresh,
    "cohort": _run_cohort,
}


def _school_to_act_on(request: HttpRequest, code: str) -> School:
    """The school for a change: 404 if the actor does not see it, 403 if they may only read."""
    actor = _actor(request)
    school = selectors.school_get_for_actor(actor=actor, code=code)
    if not actor.may_act_on(school):
        raise PermissionDenied(_("Your role may read this school but not change it."))
    return school


@require_POST
@console_required
def school_action(request: HttpRequest, code: str, action: str) -> HttpResponse:
    """Run one lifecycle action on a school (one service, one transaction)."""
    school = _school_to_act_on(request, code)
    try:
        done = ACTIONS[action](request, school)
    except ValidationError as error:
        messages.error(request, _refusal(error))
    else:
        messages.success(request, done % {"name": school.name})
    return redirect("console:school_detail", code=school.code)


@require_GET
@console_required
def school_export_download(request: HttpRequest, code: str, name: str) -> FileResponse:
    """Download one of the school's export archives (those who may act on it only: an
    export holds every person's data)."""
    school = _school_to_act_on(request, code)
    export = tenant_selectors.school_export_get(school=school, name=name)
    if export is None:
        raise Http404
    return FileResponse(export.path.open("rb"), as_attachment=True, filename=export.name)


# ---------------------------------------------------------------------------------------------
# The operator's API token
# ---------------------------------------------------------------------------------------------


@never_cache
@console_required
def api_token(request: HttpRequest) -> HttpResponse:
    """Issue (or replace, or revoke) the operator's API token. The key is shown once."""
    user = _user(request)
    key = ""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            if services.operator_token_revoke(user=user):
                messages.success(request, _("Your API token is revoked."))
            return redirect("console:api_token")
        key = services.operator_token_issue(user=user).key
        messages.success(
            request, _("A new API token is issued. Copy it now: it will not be shown again.")
        )
    token = OperatorToken.objects.filter(user=user).first()
    return render(
        request, "console/api_token.html", {"actor": _actor(request), "token": token, "key": key}
    )
