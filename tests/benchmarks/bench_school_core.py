"""Benchmark: the school core on the demo school (THCS Cầu Giấy, ~1,700 pupils).

Run: uv run python tests/benchmarks/bench_school_core.py

Against the embedded development database (seeded on first run); every write happens in a
transaction that is rolled back. Figures, each the median of several runs, with the ratio to a
baseline measured in the same run (GET /healthz on the school's host: the whole middleware
stack and one query):
- the gradebook page of a class of 45 (server time through the test client);
- saving a full class sheet (45 pupils × 6 marks) through the save endpoint;
- year results for the whole school: every mark of both terms filled, then term results of
  both terms and the year results (averages, levels, conduct, awards, decisions).
Targets (issue 3): sheet save ≤ 300 ms, gradebook page ≤ 150 ms, year results ≤ 2 s.
Term results are computed when each term closes; the year results read them.
"""

import json
import os
import statistics
import time
from collections.abc import Callable
from decimal import Decimal

import django
import pgtrigger

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django_tenants.utils import tenant_context  # noqa: E402

from accounts.models import User  # noqa: E402
from core_school.academics.models import Enrolment, SchoolYear, Term  # noqa: E402
from core_school.assessment import services  # noqa: E402
from core_school.assessment.models import Mark, MarkSheet  # noqa: E402
from core_school.people.access import actor_for_user  # noqa: E402
from onboarding import demo  # noqa: E402
from onboarding import services as onboarding_services  # noqa: E402
from tenants.models import School  # noqa: E402


class RollbackError(Exception):
    """Raised to roll a benchmark's writes back."""


def rolled_back() -> transaction.Atomic:
    """An outer transaction the services' durable blocks may nest in, as in Django's TestCase
    (which marks its own blocks the same way); it is always rolled back."""
    block = transaction.atomic()
    block._from_testcase = True
    return block


def median_ms(run: Callable[[], object], repeat: int = 7) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    onboarding_services.platform_migrate()
    if not demo.demo_is_seeded():
        demo.demo_seed()
    school = School.objects.get(slug="caugiay")
    host = school.domains.get(is_primary=True).domain
    client = Client(HTTP_HOST=host)
    with tenant_context(school):
        user = User.objects.get(username="giaovien")
        actor = actor_for_user(user)
        class_id, subject_id = sorted(actor.teaches)[0]
        term = Term.objects.get(school_year__is_current=True, number=1)
        sheet = MarkSheet.objects.get(school_class_id=class_id, subject_id=subject_id, term=term)
        pupils = list(
            Enrolment.objects.filter(school_class_id=class_id, ends_on__isnull=True).values_list(
                "pupil_id", flat=True
            )
        )
        client.force_login(user)
    connection.set_schema_to_public()

    baseline = median_ms(lambda: client.get("/healthz"), repeat=21)
    page = median_ms(lambda: client.get(f"/marks/{sheet.pk}/"))
    entries = [
        {"pupil": p, "column": c, "value": "7,5"}
        for p in pupils
        for c in ["tx1", "tx2", "tx3", "tx4", "gk", "ck"]
    ]
    body = json.dumps({"entries": entries})

    def save() -> None:
        response = client.post(
            f"/marks/{sheet.pk}/save", data=body, content_type="application/json"
        )
        assert response.status_code == 200, response.content

    with tenant_context(school):
        try:
            with rolled_back():
                sheet_save = median_ms(save)
                raise RollbackError
        except RollbackError:
            pass
        terms_ms, year_ms, pupils_count = _year_results(school)

    print(f"pupils in the school:                 {pupils_count}")
    print(f"baseline GET /healthz (school host):  {baseline:8.1f} ms")
    print(
        f"gradebook page, class of {len(pupils)}:        {page:8.1f} ms = {page / baseline:5.1f} x"
    )
    print(
        f"save a full sheet ({len(entries)} marks):       {sheet_save:8.1f} ms = "
        f"{sheet_save / baseline:5.1f} x"
    )
    print(
        f"term results, both terms:             {terms_ms:8.1f} ms = {terms_ms / baseline:5.1f} x"
    )
    print(f"year results, whole school:           {year_ms:8.1f} ms = {year_ms / baseline:5.1f} x")


def _year_results(school: School) -> tuple[float, float, int]:
    """Fill every missing mark of the current year, then time the term results (computed when
    each term closes) and the year results (computed at the end of the year)."""
    year = SchoolYear.objects.get(is_current=True)
    terms = list(Term.objects.filter(school_year=year).order_by("number"))
    pupils = (
        Enrolment.objects.filter(school_class__school_year=year)
        .values("pupil_id")
        .distinct()
        .count()
    )
    try:
        with transaction.atomic():
            # The filled marks are set-up, not changes: no history rows for them.
            with pgtrigger.ignore():
                for term in terms:
                    services.sheets_ensure_for_term(term=term)
                    _fill(term)
            started = time.perf_counter()
            for term in terms:
                services.results_compute_term(term=term)
            terms_ms = (time.perf_counter() - started) * 1000
            _conduct(year, terms)
            started = time.perf_counter()
            services.results_compute_year(school_year=year)
            year_ms = (time.perf_counter() - started) * 1000
            raise RollbackError
    except RollbackError:
        pass
    return terms_ms, year_ms, pupils


def _conduct(year: SchoolYear, terms: list[Term]) -> None:
    from core_school.assessment.models import ConductGrade

    pupils = Enrolment.objects.filter(school_class__school_year=year).values_list(
        "pupil_id", flat=True
    )
    ConductGrade.objects.bulk_create(
        [
            ConductGrade(pupil_id=p, school_year=year, term=t, level="tot")
            for p in pupils
            for t in terms
        ],
        ignore_conflicts=True,
    )


def _fill(term: Term) -> None:
    from core_school.assessment import columns

    existing = set(
        Mark.objects.filter(sheet__term=term).values_list("sheet_id", "pupil_id", "kind", "index")
    )
    plans = {}
    marks = []
    for sheet in MarkSheet.objects.filter(term=term).select_related("subject", "school_class"):
        key = (sheet.subject_id, sheet.school_class.grade)
        if key not in plans:
            plans[key] = services.required_regular(
                subject=sheet.subject, grade=sheet.school_class.grade
            )
        for pupil_id in Enrolment.objects.filter(school_class=sheet.school_class).values_list(
            "pupil_id", flat=True
        ):
            for column in columns.sheet_columns(plans[key]):
                if (sheet.pk, pupil_id, column.kind, column.index) in existing:
                    continue
                marks.append(
                    Mark(
                        sheet=sheet,
                        pupil_id=pupil_id,
                        kind=column.kind,
                        index=column.index,
                        score=Decimal("7.5") if sheet.subject.is_scored else None,
                        passed=None if sheet.subject.is_scored else True,
                    )
                )
    Mark.objects.bulk_create(marks, batch_size=10000)


if __name__ == "__main__":
    main()
