"""A pupil's record for the staff who may see it."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from core_school.people import selectors
from core_school.people.access import staff_required


@staff_required
def pupil_record(request: HttpRequest, pupil_id: int) -> HttpResponse:
    record = selectors.pupil_record_get(actor=request.actor, pupil_id=pupil_id)  # type: ignore[attr-defined]
    if record is None:
        raise Http404
    return render(request, "people/pupil_record.html", record)
