"""The school's standard pages (on the school's host): the adopted version, what a newer one
would change, adoption, and the data-quality list. Principal, vice-principal and school
administrator read them; the principal and the school administrator adopt.

Runs in the school's schema; the published versions are read from public (search_path).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.roles import Role
from core_school.people.access import Actor, staff_required
from core_school.standard.selectors import adopted_standard
from onboarding import standards_adoption
from standards import selectors as standard_selectors

# Failing records listed on the quality page (the counts cover them all).
FAILURES_SHOWN = 500


def _reader(request: HttpRequest) -> Actor:
    actor: Actor = request.actor  # type: ignore[attr-defined]
    if not actor.sees_whole_school:
        raise PermissionDenied
    return actor


def _may_adopt(actor: Actor) -> bool:
    return bool(actor.roles & {Role.PRINCIPAL.value, Role.SCHOOL_ADMIN.value})


@require_GET
@staff_required
def standard_page(request: HttpRequest) -> HttpResponse:
    """The adopted version and, when a newer one is published, what adopting it changes."""
    actor = _reader(request)
    adopted = adopted_standard()
    newer = standards_adoption.newer_version_for_school(adopted=adopted)
    preview = standards_adoption.adoption_preview(version=newer, adopted=adopted) if newer else None
    return render(
        request,
        "standard/standard.html",
        {
            "adopted": adopted,
            "grading": sorted((adopted.content.get("grading", {}) if adopted else {}).items()),
            "newer": newer,
            "preview": preview,
            "may_adopt": _may_adopt(actor),
        },
    )


@require_POST
@staff_required
def standard_adopt(request: HttpRequest, number: int) -> HttpResponse:
    """Adopt the published version `number` (one transaction); refusals are shown."""
    actor = _reader(request)
    if not _may_adopt(actor):
        raise PermissionDenied(_("Only the principal or the school administrator adopts."))
    version = standard_selectors.version_get(number=number)
    if version is None or not version.is_published:
        raise Http404
    try:
        standards_adoption.standard_adopt_here(version=version, actor=actor.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Version %(number)s is adopted.") % {"number": version.number})
    return redirect("standard:standard")


@require_http_methods(["GET", "POST"])
@staff_required
def quality(request: HttpRequest) -> HttpResponse:
    """The records that break the adopted data dictionary, and the score. POST sends the
    counts (only) to the education authority."""
    _reader(request)
    version, report = standards_adoption.conformance_report_here()
    if request.method == "POST":
        standards_adoption.conformance_store(
            school=connection.tenant,  # type: ignore[arg-type]
            version=version,
            report=report,
        )
        messages.success(request, _("The score is sent to the education authority."))
        return redirect("standard:quality")
    return render(
        request,
        "standard/quality.html",
        {
            "version": version,
            "report": report,
            "failures": report.failures[:FAILURES_SHOWN],
            "shown": min(len(report.failures), FAILURES_SHOWN),
        },
    )
