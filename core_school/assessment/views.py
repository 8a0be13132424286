"""Gradebook pages for teachers and the principal. Runs inside the current school's schema."""

import json

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config.errors import ApplicationError
from core_school.academics.models import Term
from core_school.assessment import selectors, services
from core_school.assessment.exceptions import AssessmentPermissionError
from core_school.assessment.models import CorrectionRequest, MarkSheet
from core_school.people.access import staff_required


def _error(error: ApplicationError, status: int = 400) -> JsonResponse:
    if isinstance(error, AssessmentPermissionError):
        status = 403
    return JsonResponse({"message": error.message, "extra": error.extra}, status=status)


@staff_required
def sheet_list(request: HttpRequest) -> HttpResponse:
    """The mark sheets of the current term this person may open."""
    term = selectors.current_term()
    sheets = (
        list(selectors.mark_sheet_list_for_actor(actor=request.actor, term=term))  # type: ignore[attr-defined]
        if term
        else []
    )
    return render(request, "assessment/sheet_list.html", {"term": term, "sheets": sheets})


@staff_required
def gradebook(request: HttpRequest, sheet_id: int) -> HttpResponse:
    sheet = selectors.mark_sheet_get(sheet_id=sheet_id)
    actor = request.actor  # type: ignore[attr-defined]
    if sheet is None or not actor.can_view_marks(sheet.school_class_id, sheet.subject_id):
        return HttpResponse(status=404)
    book = selectors.gradebook_get(sheet=sheet)
    return render(
        request,
        "assessment/gradebook.html",
        {
            "book": book,
            "can_edit": actor.can_enter_marks(sheet.school_class_id, sheet.subject_id),
            "columns_json": json.dumps([c.code for c in book.columns]),
        },
    )


@require_POST
@staff_required
def gradebook_save(request: HttpRequest, sheet_id: int) -> JsonResponse:
    """Save typed cells: {"entries": [{"pupil": id, "column": "tx1", "value": "7,5"}]}."""
    sheet = get_object_or_404(MarkSheet, pk=sheet_id)
    actor = request.actor  # type: ignore[attr-defined]
    if not actor.can_view_marks(sheet.school_class_id, sheet.subject_id):
        return JsonResponse({"message": _("Not found."), "extra": {}}, status=404)
    try:
        payload = json.loads(request.body or b"{}")
        entries = [
            services.MarkEntry(
                pupil_id=int(item["pupil"]), column=str(item["column"]), value=str(item["value"])
            )
            for item in payload.get("entries", [])
        ]
    except (ValueError, KeyError, TypeError, AttributeError):
        return JsonResponse(
            {"message": _("The request is not valid JSON."), "extra": {}}, status=400
        )
    try:
        rows = services.marks_save(sheet=sheet, entries=entries, actor=actor)
    except ApplicationError as error:
        return _error(error)
    return JsonResponse(
        {
            "message": _("Saved."),
            "rows": [{"pupil": r.pupil_id, "cells": r.cells, "result": r.result} for r in rows],
        }
    )


@require_POST
@staff_required
def gradebook_publish(request: HttpRequest, sheet_id: int) -> HttpResponse:
    sheet = get_object_or_404(MarkSheet, pk=sheet_id)
    try:
        services.sheet_publish(sheet=sheet, actor=request.actor)  # type: ignore[attr-defined]
    except ApplicationError as error:
        return _error(error)
    return redirect("assessment:gradebook", sheet_id=sheet.pk)


@staff_required
def mark_history(request: HttpRequest, sheet_id: int, pupil_id: int, column: str) -> HttpResponse:
    sheet = get_object_or_404(MarkSheet, pk=sheet_id)
    actor = request.actor  # type: ignore[attr-defined]
    if not actor.can_view_marks(sheet.school_class_id, sheet.subject_id):
        return HttpResponse(status=404)
    history = selectors.mark_history(sheet=sheet, pupil_id=pupil_id, column=column)
    return render(request, "assessment/mark_history.html", {"history": history, "sheet": sheet})


@require_POST
@staff_required
def correction_create(request: HttpRequest, sheet_id: int) -> HttpResponse:
    sheet = get_object_or_404(MarkSheet, pk=sheet_id)
    try:
        services.correction_request_create(
            sheet=sheet,
            pupil_id=int(request.POST.get("pupil", "0") or 0),
            column=request.POST.get("column", ""),
            new_value=request.POST.get("new_value", ""),
            reason=request.POST.get("reason", ""),
            actor=request.actor,  # type: ignore[attr-defined]
        )
    except ApplicationError as error:
        return _error(error)
    return redirect("assessment:gradebook", sheet_id=sheet.pk)


@staff_required
def correction_list(request: HttpRequest) -> HttpResponse:
    """The principal's queue of correction requests."""
    actor = request.actor  # type: ignore[attr-defined]
    if not actor.is_principal:
        return HttpResponse(status=403)
    corrections = CorrectionRequest.objects.select_related(
        "sheet__school_class", "sheet__subject", "sheet__term", "pupil", "requested_by"
    ).order_by("status", "-requested_at")[:200]
    return render(request, "assessment/correction_list.html", {"corrections": corrections})


@require_POST
@staff_required
def correction_decide(request: HttpRequest, correction_id: int) -> HttpResponse:
    correction = get_object_or_404(CorrectionRequest, pk=correction_id)
    try:
        services.correction_request_decide(
            correction=correction,
            approve=request.POST.get("decision") == "approve",
            note=request.POST.get("note", ""),
            actor=request.actor,  # type: ignore[attr-defined]
        )
    except ApplicationError as error:
        return _error(error)
    return redirect("assessment:correction_list")


@staff_required
def term_list(request: HttpRequest) -> HttpResponse:
    terms = Term.objects.select_related("school_year").order_by("-school_year__starts_on", "number")
    return render(request, "assessment/term_list.html", {"terms": terms})


@require_POST
@staff_required
def term_close(request: HttpRequest, term_id: int) -> HttpResponse:
    term = get_object_or_404(Term, pk=term_id)
    try:
        services.term_close(term=term, actor=request.actor)  # type: ignore[attr-defined]
    except ApplicationError as error:
        terms = Term.objects.select_related("school_year").order_by(
            "-school_year__starts_on", "number"
        )
        return render(
            request, "assessment/term_list.html", {"terms": terms, "error": error}, status=400
        )
    return redirect("assessment:term_list")


@staff_required
def year_end(request: HttpRequest, year_id: int) -> HttpResponse:
    """The principal's end of year: decisions, re-assessment, summer training, awards."""
    from django.contrib import messages

    from core_school.academics.models import SchoolYear, Subject
    from core_school.assessment.models import Level, YearOutcome

    actor = request.actor  # type: ignore[attr-defined]
    if not actor.sees_whole_school:
        return HttpResponse(status=403)
    school_year = get_object_or_404(SchoolYear, pk=year_id)
    if request.method == "POST":
        try:
            action = request.POST.get("action")
            if action == "compute":
                count = services.year_results_compute(school_year=school_year, actor=actor)
                messages.success(
                    request, _("Year results computed for %(n)s pupils.") % {"n": count}
                )
            elif action == "reassess":
                pupil_id = int(request.POST.get("pupil") or 0)
                results = {
                    key.removeprefix("subject-"): value
                    for key, value in request.POST.items()
                    if key.startswith("subject-")
                }
                services.reassessment_record(
                    pupil_id=pupil_id, school_year=school_year, results=results, actor=actor
                )
                messages.success(request, _("Re-assessment recorded."))
            elif action == "summer":
                services.summer_training_record(
                    pupil_id=int(request.POST.get("pupil") or 0),
                    school_year=school_year,
                    reevaluated_conduct=request.POST.get("conduct", ""),
                    actor=actor,
                )
                messages.success(request, _("Conduct re-evaluated."))
        except ApplicationError as error:
            messages.error(request, error.message)
        return redirect("assessment:year_end", year_id=year_id)
    subject_names = dict(Subject.objects.values_list("code", "name"))
    decisions = dict(YearOutcome.Decision.choices)
    rows = [
        {
            **row.__dict__,
            "subjects": [(code, subject_names.get(code, code)) for code in row.reassess_subjects],
            "after_label": decisions.get(row.after_summer, ""),
        }
        for row in selectors.year_end_rows(school_year=school_year)
    ]
    by_decision: dict[str, list[dict[str, object]]] = {d: [] for d in YearOutcome.Decision.values}
    for row in rows:
        by_decision[str(row["decision"])].append(row)
    return render(
        request,
        "assessment/year_end.html",
        {
            "school_year": school_year,
            "rows": rows,
            "reassess": by_decision["reassess"],
            "summer": by_decision["summer_training"],
            "retained": by_decision["retained"],
            "awards": [r for r in rows if r["award"]],
            "promoted_count": len(by_decision["promoted"]),
            "levels": Level.choices,
            "years": SchoolYear.objects.order_by("-starts_on"),
        },
    )


@staff_required
def year_end_current(request: HttpRequest) -> HttpResponse:
    from core_school.academics.models import SchoolYear

    year = SchoolYear.objects.order_by("-is_current", "-starts_on").first()
    if year is None:
        return HttpResponse(status=404)
    return redirect("assessment:year_end", year_id=year.pk)
