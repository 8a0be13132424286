"""A pupil's record for the staff who may see it."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from core_school.people import selectors, services
from core_school.people.access import staff_required
from core_school.people.models import RecordAccess


@staff_required
def pupil_record(request: HttpRequest, pupil_id: int) -> HttpResponse:
    record = selectors.pupil_record_get(actor=request.actor, pupil_id=pupil_id)  # type: ignore[attr-defined]
    if record is None:
        raise Http404
    services.record_access_log(
        actor=request.actor,  # type: ignore[attr-defined]
        pupil_id=pupil_id,
        kind=RecordAccess.Kind.RECORD,
    )
    return render(request, "people/pupil_record.html", record)


@staff_required
def access_log(request: HttpRequest) -> HttpResponse:
    """The principal's view of who opened which pupil's record."""
    if not request.actor.is_principal:  # type: ignore[attr-defined]
        raise Http404
    entries = RecordAccess.objects.select_related("pupil", "user")[:300]
    return render(request, "people/access_log.html", {"entries": entries})
