"""Benchmark: refreshing the aggregate figures of many generated schools (issue 6, target: 500
schools × 1,000 pupils ≤ 5 min on one machine).

Run: uv run python tests/benchmarks/bench_reporting.py [--schools 50] [--pupils 1000] [--keep]

Against DATABASE_URL (the embedded database without it). Generating the schools is the
expensive part and is not timed: each is cloned from the template (tenants.services.
school_create), then filled with SQL alone (generate_series): one school year with two terms,
classes of 40, pupils with one guardian each (40 % of them signed in), a morning register for
every school day (Monday to Saturday) with ~2 % absences, subject averages of the eight scored
subjects for each term and the year, learning and conduct levels, year-end decisions. Triggers
(audit) are skipped while filling (session_replication_role = replica).

Timed: `reports_refresh --sync` on the generated schools (services.school_figures_refresh, one
after another in this process: compute in the school's schema, publish in one transaction).
Baseline, same run, same schools: entering each school's schema and counting its pupils and
registers (the least a per-school pass costs). The figure for 500 schools is extrapolated
linearly from the measured ones (each school is independent; the work is per school) unless
--schools 500 was run. Generated schools are removed at the end unless --keep.
"""

import argparse
import os
import statistics
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.db import connection, transaction  # noqa: E402
from django_tenants.utils import schema_context, tenant_context  # noqa: E402

from reporting import services  # noqa: E402
from reporting.models import Figure, FigureSet  # noqa: E402
from tenants import services as tenant_services  # noqa: E402
from tenants.models import Authority, School  # noqa: E402

TARGET_SECONDS_500 = 5 * 60
SLUG_PREFIX = "bench-rep-"
CLASS_SIZE = 40

FILL_SQL = """
SELECT setseed(%(seed)s);
INSERT INTO academics_schoolyear (name, starts_on, ends_on, is_current)
VALUES ('2025-2026', '2025-09-05', '2026-05-31', true);
INSERT INTO academics_term (number, starts_on, ends_on, is_closed, school_year_id)
SELECT n, s, e, true, (SELECT id FROM academics_schoolyear)
FROM (VALUES (1, date '2025-09-05', date '2026-01-15'), (2, date '2026-01-16', date '2026-05-31'))
AS t(n, s, e);
INSERT INTO people_staffmember (staff_code, full_name, sex, phone, email, position, specialty)
VALUES ('BENCH1', 'Giáo viên Thử', 'F', '', '', 'teacher', '');
INSERT INTO academics_schoolclass (grade, name, max_size, school_year_id)
SELECT 6 + (c - 1) %% 4, (6 + (c - 1) %% 4) || 'A' || c, 45, (SELECT id FROM academics_schoolyear)
FROM generate_series(1, %(classes)s) AS c;
INSERT INTO people_pupil (national_id, full_name, birth_date, sex, ethnicity, address, status)
SELECT 'B' || lpad(p::text, 11, '0'), 'Học sinh ' || p, date '2012-01-01' + (p %% 1400),
       CASE WHEN random() < 0.5 THEN 'M' ELSE 'F' END, 'Kinh', '', 'studying'
FROM generate_series(1, %(pupils)s) AS p;
INSERT INTO academics_enrolment (starts_on, ends_on, pupil_id, school_class_id, end_reason)
SELECT date '2025-09-05', NULL, p.id, c.id, ''
FROM (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM people_pupil) p
JOIN academics_schoolclass c ON c.name = (6 + (p.k / %(size)s) %% 4) || 'A' || (p.k / %(size)s + 1);
INSERT INTO accounts_user (password, last_login, is_superuser, username, email, is_staff,
                           is_active, date_joined, full_name, phone)
SELECT '!', now(), false, 'ph' || p, '', false, true, now(), 'Phụ huynh ' || p, ''
FROM generate_series(1, %(pupils)s * 4 / 10) AS p;
INSERT INTO people_guardian (full_name, phone, email, user_id)
SELECT 'Phụ huynh ' || p, '09' || lpad(p::text, 8, '0'), '',
       (SELECT id FROM accounts_user WHERE username = 'ph' || p)
FROM generate_series(1, %(pupils)s) AS p;
INSERT INTO attendance_attendanceregister (date, session, counts_for_promotion, taken_at,
                                           first_taken_at, school_class_id, taken_by_id)
SELECT d::date, 'am', true, now(), now(), c.id, (SELECT id FROM people_staffmember)
FROM academics_schoolclass c, generate_series(date '2025-09-05', date '2026-05-31', '1 day') d
WHERE extract(isodow FROM d) < 7;
INSERT INTO attendance_absence (status, reason, pupil_id, register_id)
SELECT CASE WHEN random() < 0.6 THEN 'excused' ELSE 'unexcused' END, '', e.pupil_id, r.id
FROM attendance_attendanceregister r JOIN academics_enrolment e
  ON e.school_class_id = r.school_class_id
WHERE random() < 0.02;
INSERT INTO assessment_subjectresult (average, passed, computed_at, pupil_id, school_year_id,
                                      subject_id, term_id)
SELECT round((2 + random() * 8)::numeric, 1), NULL, now(), p.id, y.id, s.id, t.id
FROM people_pupil p CROSS JOIN academics_schoolyear y
CROSS JOIN (SELECT id FROM academics_subject WHERE mode = 'scored') s
CROSS JOIN (SELECT id FROM academics_term UNION ALL SELECT NULL) t;
INSERT INTO assessment_learningresult (computed_level, level, adjusted_for, computed_at,
                                       pupil_id, school_year_id, term_id)
SELECT l, l, '', now(), p.id, y.id, t.id
FROM people_pupil p CROSS JOIN academics_schoolyear y
CROSS JOIN (SELECT id FROM academics_term UNION ALL SELECT NULL) t
CROSS JOIN LATERAL (SELECT (ARRAY['tot', 'kha', 'kha', 'dat', 'dat', 'chua_dat'])
                    [1 + floor(random() * 6 + p.id * 0)::int] AS l) lv;
INSERT INTO assessment_conductgrade (level, comment, updated_at, pupil_id, school_year_id,
                                     term_id)
SELECT l, '', now(), p.id, y.id, t.id
FROM people_pupil p CROSS JOIN academics_schoolyear y
CROSS JOIN (SELECT id FROM academics_term UNION ALL SELECT NULL) t
CROSS JOIN LATERAL (SELECT (ARRAY['tot', 'tot', 'kha', 'dat'])
                    [1 + floor(random() * 4 + p.id * 0)::int] AS l) lv;
INSERT INTO assessment_yearoutcome (stage, decision, reassess_subjects, award, absences,
                                    decided_at, pupil_id, school_year_id)
SELECT 'initial', CASE WHEN random() < 0.95 THEN 'promoted' ELSE 'reassess' END, '[]', '', 0,
       now(), p.id, y.id
FROM people_pupil p CROSS JOIN academics_schoolyear y;
"""


def generate(*, count: int, pupils: int) -> list[School]:
    """`count` schools of `pupils` pupils each (existing generated ones are reused)."""
    authority = Authority.objects.order_by("path").last()
    schools = []
    clone_times = []
    fill_times = []
    for index in range(count):
        slug = f"{SLUG_PREFIX}{index:03d}"
        school = School.objects.filter(slug=slug).first()
        if school is None:
            started = time.perf_counter()
            school = tenant_services.school_create(
                name=f"THCS Thử nghiệm báo cáo {index:03d}",
                code=f"BR{index:06d}",
                slug=slug,
                authority=authority,
                status=School.Status.LIVE,
            )
            clone_times.append(time.perf_counter() - started)
            started = time.perf_counter()
            with tenant_context(school), transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = replica")
                cursor.execute(
                    FILL_SQL,
                    {
                        "seed": (index % 100) / 100,
                        "pupils": pupils,
                        "classes": -(-pupils // CLASS_SIZE),
                        "size": CLASS_SIZE,
                    },
                )
            fill_times.append(time.perf_counter() - started)
            if len(fill_times) % 50 == 0:
                print(f"  {len(fill_times)} schools generated", flush=True)
        schools.append(school)
    if clone_times:
        print(
            f"generated {len(clone_times)} schools: clone median "
            f"{statistics.median(clone_times):.2f} s, fill median "
            f"{statistics.median(fill_times):.2f} s, total "
            f"{sum(clone_times) + sum(fill_times):.0f} s"
        )
    return schools


def baseline(schools: list[School]) -> float:
    started = time.perf_counter()
    for school in schools:
        with tenant_context(school), connection.cursor() as cursor:
            cursor.execute(
                "SELECT (SELECT count(*) FROM people_pupil), "
                "(SELECT count(*) FROM attendance_attendanceregister)"
            )
            cursor.fetchone()
    return time.perf_counter() - started


def refresh(schools: list[School]) -> tuple[float, list[float], int]:
    started = time.perf_counter()
    per_school = []
    cells = 0
    for school in schools:
        one = time.perf_counter()
        cells += services.school_figures_refresh(school=school)
        per_school.append(time.perf_counter() - one)
    return time.perf_counter() - started, per_school, cells


def remove(schools: list[School]) -> None:
    for school in schools:
        with schema_context("public"), connection.cursor() as cursor:
            cursor.execute(f'DROP SCHEMA IF EXISTS "{school.schema_name}" CASCADE')
        school.domains.all().delete()
        FigureSet.objects.filter(school=school).delete()
        School.objects.filter(pk=school.pk).delete()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--schools", type=int, default=50)
    parser.add_argument("--pupils", type=int, default=1000)
    parser.add_argument("--keep", action="store_true", help="Keep the generated schools.")
    args = parser.parse_args()
    schools = generate(count=args.schools, pupils=args.pupils)
    base = baseline(schools)
    total, per_school, cells = refresh(schools)
    # A second pass replaces what the first published (the nightly case).
    again, per_school_again, _cells = refresh(schools)
    n = len(schools)
    per = min(total, again) / n
    print(f"schools: {n} × {args.pupils} pupils; figures published: {cells}")
    print(
        f"refresh: first {total:.1f} s, again {again:.1f} s; per school median "
        f"{statistics.median(per_school_again) * 1000:.0f} ms, max {max(per_school) * 1000:.0f} ms"
    )
    print(
        f"baseline (enter each schema, two counts): {base:.2f} s = {base / n * 1000:.1f} ms/school"
    )
    print(f"ratio refresh / baseline: {min(total, again) / base:.0f} ×")
    worst = max(total, again) / n * 500
    estimate = per * 500
    verdict = "met" if worst <= TARGET_SECONDS_500 else "NOT met"
    print(
        f"500 schools: {'measured' if n >= 500 else 'extrapolated'} ≈ {estimate:.0f}–"
        f"{worst:.0f} s (the better and the worse pass; target ≤ {TARGET_SECONDS_500} s: "
        f"{verdict})"
    )
    print(f"public rows: {FigureSet.objects.count()} sets, {Figure.objects.count()} figures")
    if not args.keep:
        remove(schools)


if __name__ == "__main__":
    main()
