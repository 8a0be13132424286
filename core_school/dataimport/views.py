"""The import pages (/import/): upload a list, see its preview with every problem, commit it;
download the school's lists or an empty template in each layout. Principal and school
administrator only (403 for everyone else on staff, and for families)."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from config.errors import ApplicationError
from core_school.dataimport import layouts, permissions, selectors, services
from core_school.dataimport.exceptions import ImportProblemsError
from core_school.dataimport.forms import UploadForm
from core_school.dataimport.spreadsheet_write import FORMATS
from core_school.dataimport.types import Problem
from core_school.people.access import staff_required
from core_school.reports.downloads import file_response


def importer_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Staff only (staff_required), then the principal or the school administrator."""

    @staff_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not permissions.may_import(actor=request.actor):  # type: ignore[attr-defined]
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _downloads() -> list[dict[str, object]]:
    """The export and template links, per kind and layout."""
    return [
        {
            "kind": kind.value,
            "label": label,
            "layouts": [
                {"layout": layout.value, "label": layout_label}
                for layout, layout_label in layouts.LAYOUT_LABELS.items()
            ],
        }
        for kind, label in layouts.KIND_LABELS.items()
    ]


COUNT_LABELS = {
    "create": _lazy("to create"),
    "update": _lazy("to update"),
    "unchanged": _lazy("unchanged"),
    "enrolments_created": _lazy("places in a class"),
    "moves": _lazy("moves to another class"),
    "guardians_created": _lazy("new guardians"),
    "guardians_updated": _lazy("guardians updated"),
    "links_created": _lazy("guardian–child links"),
}


def _summary_context(summary: dict[str, Any]) -> dict[str, Any]:
    """The preview's counts, columns and layout as the template shows them."""
    counts = summary.get("counts", {})
    return {
        "summary": summary,
        "count_rows": [
            (label, counts[key]) for key, label in COUNT_LABELS.items() if key in counts
        ],
        "kind_label": layouts.KIND_LABELS.get(summary.get("kind", ""), ""),
        "layout_label": layouts.LAYOUT_LABELS.get(summary.get("layout", ""), ""),
        "columns": sorted(summary.get("columns", {}).values()),
    }


def _index(request: HttpRequest, form: UploadForm, *, status: int = 200) -> HttpResponse:
    return render(
        request,
        "dataimport/index.html",
        {
            "form": form,
            "runs": list(selectors.import_run_list()),
            "downloads": _downloads(),
            "max_size": services.max_file_size(),
        },
        status=status,
    )


@never_cache
@importer_required
def index(request: HttpRequest) -> HttpResponse:
    """The upload form, the latest imports, and the downloads. A POST previews a file: with
    problems, they are listed here; without, the run's page opens."""
    if request.method != "POST":
        return _index(request, UploadForm())
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _index(request, form, status=400)
    upload = form.cleaned_data["file"]
    try:
        services.file_size_check(file_name=upload.name, size=upload.size)
        result = services.import_preview(
            actor=request.actor,  # type: ignore[attr-defined]
            kind=form.cleaned_data["kind"],
            layout=form.cleaned_data["layout"],
            file_name=upload.name,
            data=upload.read(),
        )
    except ApplicationError as error:  # ImportFileError included
        form.add_error("file", error.message)
        return _index(request, form, status=400)
    if result.run is None:
        return render(
            request,
            "dataimport/preview.html",
            {
                "problems": result.preview.problems,
                "run": None,
                **_summary_context(result.preview.summary()),
            },
            status=400,
        )
    return redirect("dataimport:run", run_id=result.run.pk)


def _run_page(
    request: HttpRequest, run_id: int, *, problems: list[Problem] | None = None, status: int = 200
) -> HttpResponse:
    run = selectors.import_run_get(run_id=run_id)
    if run is None:
        raise Http404
    earlier = selectors.import_earlier_commit(run=run)
    return render(
        request,
        "dataimport/preview.html",
        {
            "run": run,
            "problems": problems or [],
            "earlier": earlier,
            **_summary_context(run.summary),
        },
        status=status,
    )


@never_cache
@importer_required
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    """A stored preview: what the commit will do (or did), and the Commit button."""
    return _run_page(request, run_id)


@require_POST
@importer_required
def run_commit(request: HttpRequest, run_id: int) -> HttpResponse:
    """Write the run's file into the school, all or nothing."""
    try:
        run = services.import_commit(run_id=run_id, actor=request.actor)  # type: ignore[attr-defined]
    except ImportProblemsError as error:
        problems = [Problem(**p) for p in error.extra["problems"]]
        messages.error(request, error.message)
        return _run_page(request, run_id, problems=problems, status=400)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("dataimport:run", run_id=run_id)
    counts = run.counts
    messages.success(
        request,
        _("Imported: %(create)s created, %(update)s updated, %(unchanged)s unchanged.")
        % {
            "create": counts.get("create", 0),
            "update": counts.get("update", 0),
            "unchanged": counts.get("unchanged", 0),
        },
    )
    return redirect("dataimport:run", run_id=run_id)


def _download(kind: str, layout: str, file_format: str, *, empty: bool) -> HttpResponse:
    if (
        kind not in {k.value for k in layouts.Kind}
        or layout not in {v.value for v in layouts.Layout}
        or file_format not in FORMATS
    ):
        raise Http404
    exported = selectors.list_export(kind=kind, layout=layout, file_format=file_format, empty=empty)
    return file_response(
        exported.content,
        content_type=exported.content_type,
        filename=exported.file_name,
        inline=False,
    )


@importer_required
def export(request: HttpRequest, kind: str, layout: str, file_format: str) -> HttpResponse:
    """The school's list of `kind` in `layout` (.xlsx or .csv), ready to import back."""
    return _download(kind, layout, file_format, empty=False)


@importer_required
def template(request: HttpRequest, kind: str, layout: str, file_format: str) -> HttpResponse:
    """An empty list of `kind` in `layout`: the headers, to fill in."""
    return _download(kind, layout, file_format, empty=True)
