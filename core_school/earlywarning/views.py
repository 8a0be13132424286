"""Early-warning pages on the school's host: the homeroom teacher's flags and their
follow-up, the principal's view of the whole school and the "evaluate now" button."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from config.errors import ApplicationError
from core_school.earlywarning import selectors, services
from core_school.earlywarning.models import Rule
from core_school.earlywarning.selectors import FlagFilters, Status
from core_school.people.access import Actor, staff_required

PAGE_SIZE = 50


def _actor(request: HttpRequest) -> Actor:
    actor: Actor = request.actor  # type: ignore[attr-defined]
    if not selectors.may_see_flags(actor=actor):
        raise PermissionDenied
    return actor


def _filters(request: HttpRequest) -> FlagFilters:
    status = request.GET.get("status", Status.OPEN)
    rule = request.GET.get("rule", "")
    class_id = request.GET.get("class", "")
    return FlagFilters(
        status=status if status in (Status.OPEN, Status.RESOLVED, Status.ALL) else Status.OPEN,
        rule=rule if rule in Rule.values else "",
        class_id=int(class_id) if class_id.isdigit() else None,
    )


@require_GET
@staff_required
def flag_list(request: HttpRequest) -> HttpResponse:
    """The flags the signed-in person follows: their classes' (homeroom teacher) or the
    whole school's (principal), with the reason and a suggested action."""
    actor = _actor(request)
    filters = _filters(request)
    flags = selectors.flag_list_for_actor(actor=actor, filters=filters)
    page = Paginator(flags, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "earlywarning/flags.html",
        {
            "page": page,
            "rows": [
                (flag, selectors.SUGGESTED_ACTIONS.get(flag.rule, "")) for flag in page.object_list
            ],
            "filters": filters,
            "rules": Rule.choices,
            "classes": selectors.class_choices_for_actor(actor=actor),
            "statuses": [
                (Status.OPEN, _("Open")),
                (Status.RESOLVED, _("Resolved")),
                (Status.ALL, _("All")),
            ],
            "is_principal": actor.is_principal,
            "homeroom_class_ids": actor.homeroom_class_ids,
            "page_query": query.urlencode(),
        },
    )


@require_POST
@staff_required
def flag_resolve(request: HttpRequest, flag_id: int) -> HttpResponse:
    """Resolve one flag with a note (what was done and the outcome)."""
    actor = _actor(request)
    flag = selectors.flag_get_for_actor(actor=actor, flag_id=flag_id)
    if flag is None:
        raise Http404
    try:
        services.flag_resolve(flag=flag, note=request.POST.get("note", ""), actor=actor)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect(f"{reverse('earlywarning:flags')}#flag-{flag.pk}")
    messages.success(request, _("Flag resolved for %(pupil)s.") % {"pupil": flag.pupil.full_name})
    return redirect("earlywarning:flags")


@require_POST
@staff_required
def evaluate(request: HttpRequest) -> HttpResponse:
    """The principal evaluates the rules now, without waiting for the night."""
    actor = _actor(request)
    if not actor.is_principal:
        raise PermissionDenied
    result = services.early_warnings_evaluate()
    messages.success(
        request,
        _(
            "Rules evaluated: %(raised)d new flags, %(resolved)d resolved automatically, "
            "%(open)d open."
        )
        % {"raised": result.raised, "resolved": result.resolved, "open": result.open},
    )
    return redirect("earlywarning:flags")
