"""The operators' standards pages (root domain, /standards/): versions, drafts, publication,
and the schools' conformance scores.

Every console user reads the versions (they are national); operators and superusers draft,
edit and publish (403 for the university monitor). The conformance overview lists only the
schools under the actor's nodes, with counts and scores (never a pupil's or a teacher's data).
"""

import json
from decimal import Decimal

from celery import current_app
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from console import selectors as console_selectors
from console.access import ConsoleActor, console_required, operator_required
from standards import schema, selectors, services
from standards.diff import content_diff
from standards.forms import DraftForm
from standards.models import StandardVersion

# The per-school check task (onboarding.standards_adoption), sent by name: the standards app
# never imports the school side.
CONFORMANCE_CHECK_TASK = "onboarding.standards_adoption.conformance_check_task"


def _actor(request: HttpRequest) -> ConsoleActor:
    return request.console_actor  # type: ignore[attr-defined,no-any-return]


def _version(number: int) -> StandardVersion:
    version = selectors.version_get(number=number)
    if version is None:
        raise Http404
    return version


@require_GET
@console_required
def version_list(request: HttpRequest) -> HttpResponse:
    """Every version of the standards, newest first."""
    versions = list(selectors.version_list())
    return render(
        request,
        "standards/version_list.html",
        {
            "actor": _actor(request),
            "versions": versions,
            "has_draft": any(not v.is_published for v in versions),
        },
    )


@require_POST
@console_required
@operator_required
def version_new(request: HttpRequest) -> HttpResponse:
    """Start a draft from the newest published version."""
    try:
        version = services.draft_create(actor=request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("standards:version_list")
    messages.success(request, _("Draft %(number)s is ready to edit.") % {"number": version.number})
    return redirect("standards:version_edit", number=version.number)


@require_GET
@console_required
def version_detail(request: HttpRequest, number: int) -> HttpResponse:
    """A version's content and what it changes from the version before it."""
    version = _version(number)
    previous = selectors.version_previous(version=version)
    problems = schema.content_problems(version.content)
    changes = content_diff(previous.content, version.content) if previous and not problems else None
    content = version.content
    return render(
        request,
        "standards/version_detail.html",
        {
            "actor": _actor(request),
            "version": version,
            "previous": previous,
            "changes": changes,
            "subjects": content.get("subjects", []),
            "grading": sorted(content.get("grading", {}).items()),
            "attendance_codes": content.get("attendance_codes", []),
            "conduct_codes": content.get("conduct_codes", []),
            "dictionary": sorted(content.get("data_dictionary", {}).items()),
            "early_warning_rules": content.get("early_warning_rules", []),
        },
    )


@console_required
@operator_required
def version_edit(request: HttpRequest, number: int) -> HttpResponse:
    """Edit a draft's content as JSON; every problem is named (where, why)."""
    version = _version(number)
    if version.is_published:
        messages.error(request, _("A published version can no longer change."))
        return redirect("standards:version_detail", number=number)
    initial = {"content": json.dumps(version.content, ensure_ascii=False, indent=2)}
    form = DraftForm(request.POST or None, initial={**initial, "notes": version.notes})
    if request.method == "POST" and form.is_valid():
        try:
            services.draft_update(
                version=version,
                content=form.cleaned_data["content"],
                notes=form.cleaned_data["notes"],
                actor=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error("content", message)
        else:
            messages.success(request, _("The draft is saved."))
            return redirect("standards:version_detail", number=number)
    return render(
        request,
        "standards/version_edit.html",
        {"actor": _actor(request), "version": version, "form": form},
    )


@require_POST
@console_required
@operator_required
def version_publish(request: HttpRequest, number: int) -> HttpResponse:
    """Publish a draft: read-only from now on; schools see it and may adopt it."""
    version = _version(number)
    try:
        services.version_publish(version=version, actor=request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("Version %(number)s is published.") % {"number": version.number}
        )
    return redirect("standards:version_detail", number=number)


@require_GET
@console_required
def conformance_overview(request: HttpRequest) -> HttpResponse:
    """The data-quality score of each school under the actor's nodes (counts only)."""
    actor = _actor(request)
    schools = console_selectors.school_list_for_actor(actor=actor)
    rows = selectors.conformance_list(schools=schools)
    scored = [r.score for _s, r in rows if r is not None]
    return render(
        request,
        "standards/conformance.html",
        {
            "actor": actor,
            "rows": rows,
            "checked": len(scored),
            "average": (sum(scored) / len(scored)).quantize(Decimal("0.1")) if scored else None,
        },
    )


@require_POST
@console_required
@operator_required
def conformance_check(request: HttpRequest) -> HttpResponse:
    """Check now every ready school the actor may act on (one task each)."""
    schools = console_selectors.school_list_actionable_for_actor(actor=_actor(request))
    ready = schools.filter(status__in=["onboarding", "live"]).values_list("pk", flat=True)
    count = 0
    for school_id in ready:
        current_app.send_task(CONFORMANCE_CHECK_TASK, kwargs={"school_id": school_id})
        count += 1
    messages.success(
        request,
        ngettext("%(n)s school is being checked.", "%(n)s schools are being checked.", count)
        % {"n": count},
    )
    return redirect("standards:conformance")
