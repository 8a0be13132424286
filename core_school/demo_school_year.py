"""Deterministic demo teaching and assessment for one school. Runs inside the school's schema.

Teaching assignments, a weekly timetable and teaching plans; the previous school year complete
(marks of both terms, conduct, attendance, results, year-end decisions and the summer that
followed); the current year so far (regular and mid-term marks, daily attendance, the class
logbook, behaviour notes and staff tasks). Every screen then shows real data.
"""

import datetime
import random
from collections import defaultdict
from decimal import Decimal

import pgtrigger
from django.contrib.postgres.aggregates import ArrayAgg
from django.db import connection
from django.utils import timezone

from accounts.models import User
from core_school.academics.models import (
    Enrolment,
    SchoolClass,
    SchoolYear,
    Subject,
    SubjectGradePlan,
    TeachingAssignment,
    Term,
    TimetableSlot,
)
from core_school.activity.models import UserKind, WeeklyActivity
from core_school.assessment import rules, services
from core_school.assessment.models import (
    ConductGrade,
    Level,
    Mark,
    MarkSheet,
    Reassessment,
    YearOutcome,
)
from core_school.attendance.models import Absence, AttendanceRegister, BehaviourNote, Session
from core_school.figures import pilot
from core_school.people.models import Pupil, StaffMember
from core_school.standard import conformance
from core_school.standard.models import ConformanceCheck
from core_school.standard.selectors import adopted_standard
from core_school.teaching.models import LogbookEntry, PlannedLesson, StaffTask

# Which teachers (by specialty) teach each subject.
SPECIALTY_OF = {
    "TOAN": "Toán",
    "NGUVAN": "Ngữ văn",
    "NN1": "Tiếng Anh",
    "GDCD": "Giáo dục công dân",
    "LSDL": "Lịch sử và Địa lí",
    "KHTN": "Khoa học tự nhiên",
    "CN": "Công nghệ",
    "TIN": "Tin học",
    "GDTC": "Giáo dục thể chất",
    "AN": "Âm nhạc",
    "MT": "Mĩ thuật",
    "HDTN": "Hoạt động trải nghiệm",
    "GDDP": "Lịch sử và Địa lí",
}
WEEKS_PER_YEAR = 35
PERIODS_PER_MORNING = 5
PRAISE = [
    "Tích cực phát biểu xây dựng bài.",
    "Giúp đỡ bạn cùng lớp trong giờ học nhóm.",
    "Hoàn thành xuất sắc bài thuyết trình.",
    "Nhặt được của rơi trả lại người mất.",
]
INCIDENTS = [
    "Đi học muộn, không có lí do.",
    "Không chuẩn bị bài ở nhà.",
    "Nói chuyện riêng trong giờ học.",
    "Quên mang sách giáo khoa.",
]


def school_year_demo_seed(*, seed: int, today: datetime.date) -> None:
    """Fill the current school with a year and a half of teaching and assessment."""
    rng = random.Random(seed)  # noqa: S311 - demo data
    current = SchoolYear.objects.get(is_current=True)
    subjects = list(Subject.objects.all())
    plans = {(p.subject_id, p.grade): p.periods_per_year for p in SubjectGradePlan.objects.all()}
    teachers = list(StaffMember.objects.filter(position=StaffMember.Position.TEACHER))
    # A pupil's level, as Vietnamese lower-secondary averages run (most between 6 and 9).
    ability = {
        pk: min(9.8, max(3.5, rng.gauss(7.4, 1.0)))
        for pk in Pupil.objects.values_list("pk", flat=True)
    }
    # NOTE: the demo's own marks are bulk-inserted without history rows; every change made
    # from now on is recorded by the triggers.
    with pgtrigger.ignore():
        classes = list(SchoolClass.objects.filter(school_year=current))
        assignments = _assign(classes, subjects, teachers, rng)
        _timetable(classes, assignments, plans, rng)
        _teaching_plans(subjects, plans)
        previous = _previous_year(current, classes, rng)
        previous_classes = list(SchoolClass.objects.filter(school_year=previous))
        _assign(previous_classes, subjects, teachers, rng)
        _previous_year_marks(previous, subjects, plans, ability, rng)
        _current_term(current, subjects, plans, ability, rng, today)
        _logbook(current, today, rng)
        _notes_and_tasks(current, teachers, today, rng)
        _recent_truancy(current, today, seed=seed)


def _assign(
    classes: list[SchoolClass],
    subjects: list[Subject],
    teachers: list[StaffMember],
    rng: random.Random,
) -> dict[tuple[int, int], TeachingAssignment]:
    by_specialty: dict[str, list[StaffMember]] = defaultdict(list)
    for teacher in teachers:
        by_specialty[teacher.specialty].append(teacher)
    turn: dict[str, int] = defaultdict(int)
    rows = []
    for school_class in classes:
        for subject in subjects:
            if subject.code == "HDTN" and school_class.homeroom_teacher_id:
                teacher = school_class.homeroom_teacher
            else:
                pool = by_specialty.get(SPECIALTY_OF[subject.code]) or teachers
                teacher = pool[turn[subject.code] % len(pool)]
                turn[subject.code] += 1
            rows.append(
                TeachingAssignment(teacher=teacher, school_class=school_class, subject=subject)
            )
    TeachingAssignment.objects.bulk_create(rows)
    return {(a.school_class_id, a.subject_id): a for a in rows}


def _timetable(
    classes: list[SchoolClass],
    assignments: dict[tuple[int, int], TeachingAssignment],
    plans: dict[tuple[int, int], int],
    rng: random.Random,
) -> None:
    """Greedy weekly timetable: mornings Monday–Saturday, no teacher in two places at once."""
    busy: set[tuple[int, int, int]] = set()
    slots = []
    cells = [(day, period) for day in range(1, 7) for period in range(1, PERIODS_PER_MORNING + 1)]
    for school_class in classes:
        needed = []
        for (class_id, subject_id), assignment in assignments.items():
            if class_id != school_class.pk:
                continue
            weekly = max(1, round(plans[(subject_id, school_class.grade)] / WEEKS_PER_YEAR))
            needed += [assignment] * weekly
        rng.shuffle(needed)
        free = list(cells)
        # Afternoon periods 6–8 take what the mornings cannot.
        spare = [(day, period) for day in range(1, 6) for period in range(6, 9)]
        for assignment in needed:
            for cell in free + spare:
                if (assignment.teacher_id, *cell) not in busy:
                    busy.add((assignment.teacher_id, *cell))
                    (free if cell in free else spare).remove(cell)
                    slots.append(
                        TimetableSlot(
                            school_class=school_class,
                            weekday=cell[0],
                            period=cell[1],
                            assignment=assignment,
                        )
                    )
                    break
    TimetableSlot.objects.bulk_create(slots)


def _teaching_plans(subjects: list[Subject], plans: dict[tuple[int, int], int]) -> None:
    lessons = [
        PlannedLesson(
            subject=subject,
            grade=grade,
            number=number,
            week=(number - 1) // max(1, round(plans[(subject.pk, grade)] / WEEKS_PER_YEAR)) + 1,
            title=f"{subject.name} {grade} — Bài {number}",
        )
        for subject in subjects
        for grade in range(6, 10)
        for number in range(1, plans[(subject.pk, grade)] + 1)
    ]
    PlannedLesson.objects.bulk_create(lessons, batch_size=5000)


def _previous_year(
    current: SchoolYear, classes: list[SchoolClass], rng: random.Random
) -> SchoolYear:
    """Last year: this year's grades 7–9 were in grades 6–8, in the same class groups."""
    start = current.starts_on.year - 1
    previous = SchoolYear.objects.create(
        name=f"{start}-{start + 1}",
        starts_on=datetime.date(start, 9, 5),
        ends_on=datetime.date(start + 1, 5, 31),
        is_current=False,
    )
    Term.objects.bulk_create(
        [
            Term(
                school_year=previous,
                number=1,
                starts_on=previous.starts_on,
                ends_on=datetime.date(start + 1, 1, 15),
            ),
            Term(
                school_year=previous,
                number=2,
                starts_on=datetime.date(start + 1, 1, 19),
                ends_on=previous.ends_on,
            ),
        ]
    )
    old_classes = {}
    for school_class in classes:
        if school_class.grade == 6:
            continue
        old_name = f"{school_class.grade - 1}{school_class.name[1:]}"
        old_classes[school_class.pk] = SchoolClass(
            school_year=previous,
            grade=school_class.grade - 1,
            name=old_name,
            homeroom_teacher_id=school_class.homeroom_teacher_id,
        )
    SchoolClass.objects.bulk_create(old_classes.values())
    Enrolment.objects.bulk_create(
        [
            Enrolment(
                pupil_id=e.pupil_id,
                school_class=old_classes[e.school_class_id],
                starts_on=previous.starts_on,
                ends_on=previous.ends_on,
                end_reason="promoted",
            )
            for e in Enrolment.objects.filter(school_class_id__in=list(old_classes))
        ]
    )
    return previous


def _score(rng: random.Random, mean: float) -> Decimal:
    value = min(10.0, max(0.0, rng.gauss(mean, 0.9)))
    return Decimal(round(value * 4) / 4).quantize(Decimal("0.01"))


def _marks_for_term(
    term: Term,
    subjects: list[Subject],
    plans: dict[tuple[int, int], int],
    ability: dict[int, float],
    rng: random.Random,
    *,
    columns: set[str],
    complete_share: float = 1.0,
    on_time_share: float = 1.0,
    today: datetime.date | None = None,
) -> list[MarkSheet]:
    """Marks of every class × subject of the term, for the given columns, each column of a
    sheet entered on one evening (_column_entered; `on_time_share` of the mid-term and
    end-of-term columns by the national deadline)."""
    sheets, marks = [], []
    offsets = {(p, s.pk): rng.gauss(0, 0.5) for p in ability for s in subjects}
    # NOTE: the entry times draw from their own generator: the marks themselves stay as
    # they were before the times existed.
    times_rng = random.Random(f"marks-{term.starts_on}-{term.number}")  # noqa: S311 - demo
    for school_class in SchoolClass.objects.filter(school_year=term.school_year):
        pupils = list(
            Enrolment.objects.filter(school_class=school_class).values_list("pupil_id", flat=True)
        )
        for subject in subjects:
            sheet = MarkSheet(school_class=school_class, subject=subject, term=term)
            sheets.append(sheet)
            n = rules.n_regular(plans[(subject.pk, school_class.grade)]) if subject.is_scored else 2
            wanted = [
                c.code
                for c in services.sheet_columns_module.sheet_columns(n)
                if c.code in columns or (c.kind == "tx" and "tx*" in columns)
            ]
            if rng.random() > complete_share:
                wanted = [c for c in wanted if c.startswith("tx")][:1]
            entered = {
                code: _column_entered(term, code, n, times_rng, on_time_share, today)
                for code in wanted
            }
            for number, pupil_id in enumerate(pupils):
                mean = ability[pupil_id] + offsets[(pupil_id, subject.pk)]
                for code in wanted:
                    kind, index = ("tx", int(code[2:])) if code.startswith("tx") else (code, 1)
                    created_at = entered[code] + datetime.timedelta(seconds=20 * number)
                    if subject.is_scored:
                        marks.append(
                            Mark(
                                sheet=sheet,
                                pupil_id=pupil_id,
                                kind=kind,
                                index=index,
                                score=rules.round_score(_score(rng, mean)),
                                created_at=created_at,
                            )
                        )
                    else:
                        marks.append(
                            Mark(
                                sheet=sheet,
                                pupil_id=pupil_id,
                                kind=kind,
                                index=index,
                                passed=rng.random() < 0.985 or mean > 6.0,
                                created_at=created_at,
                            )
                        )
    MarkSheet.objects.bulk_create(sheets)
    for mark in marks:
        mark.sheet_id = mark.sheet.pk
    Mark.objects.bulk_create(marks, batch_size=10000)
    return sheets


def _evening(day: datetime.date, rng: random.Random) -> datetime.datetime:
    """A time between 19:00 and 22:00 on `day`, in the school's time zone."""
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time(19))
        + datetime.timedelta(minutes=rng.randrange(180))
    )


def _column_entered(
    term: Term,
    code: str,
    n_regular: int,
    rng: random.Random,
    on_time_share: float,
    today: datetime.date | None,
) -> datetime.datetime:
    """When a teacher typed a sheet's column: the regular marks spread over the term, the
    mid-term around the term's midpoint and the end-of-term around its end, either within the
    national deadline (7 days after) or one to two weeks late."""
    span = (term.ends_on - term.starts_on).days
    if code.startswith("tx"):
        day = term.starts_on + datetime.timedelta(
            days=span * int(code[2:]) // (n_regular + 2) + rng.randrange(-4, 5)
        )
    else:
        anchor = (
            term.starts_on + datetime.timedelta(days=span // 2) if code == "gk" else term.ends_on
        )
        late = rng.random() >= on_time_share
        day = anchor + datetime.timedelta(
            days=rng.randrange(8, 20) if late else rng.randrange(-6, 7)
        )
    if today is not None:
        day = min(day, today - datetime.timedelta(days=1))
    return _evening(day, rng)


def _conduct_level(rng: random.Random, mean: float) -> str:
    draw = rng.random() + (mean - 7.0) * 0.08
    if draw > 0.30:
        return Level.TOT
    if draw > 0.08:
        return Level.KHA
    # NOTE: only pupils who learn well get Chưa đạt in the demo, so that nobody is retained
    # (this year's classes hold every pupil one grade up); the summer shows both procedures.
    if draw > 0.01 or mean < 6.5:
        return Level.DAT
    return Level.CHUA_DAT


def _registers(
    school_year: SchoolYear,
    first: datetime.date,
    last: datetime.date,
    rng: random.Random,
    absence_rate: dict[int, float],
    *,
    skip_today_share: float = 0.0,
    late_share: float = 0.1,
) -> None:
    """A morning register for every class and school day from `first` to `last`, first taken
    between 07:00 and 08:55 or, for `late_share` of them, later that morning (a few the next
    day)."""
    # NOTE: the times draw from their own generator: the registers stay as they were.
    times_rng = random.Random(f"registers-{first}")  # noqa: S311 - demo data
    classes = list(
        SchoolClass.objects.filter(school_year=school_year).select_related("homeroom_teacher")
    )
    members = defaultdict(list)
    for class_id, pupil_id in Enrolment.objects.filter(
        school_class__school_year=school_year
    ).values_list("school_class_id", "pupil_id"):
        members[class_id].append(pupil_id)
    registers, absences = [], []
    span = max(last - first, datetime.timedelta(days=1))
    day = first
    while day <= last:
        if day.weekday() < 6:
            for school_class in classes:
                if day == last and rng.random() < skip_today_share:
                    continue
                register = AttendanceRegister(
                    school_class=school_class,
                    date=day,
                    session=Session.MORNING,
                    taken_by=school_class.homeroom_teacher,
                    # Fewer late registers as the term goes on (the pilot's habit forming).
                    first_taken_at=_register_taken(
                        day, times_rng, late_share * (1 - 0.6 * (day - first) / span)
                    ),
                )
                registers.append(register)
                for pupil_id in members[school_class.pk]:
                    if rng.random() < absence_rate[pupil_id]:
                        excused = rng.random() < 0.8
                        absences.append(
                            Absence(
                                register=register,
                                pupil_id=pupil_id,
                                status=Absence.Status.EXCUSED
                                if excused
                                else Absence.Status.UNEXCUSED,
                                reason="Ốm, gia đình xin phép" if excused else "",
                            )
                        )
                    elif rng.random() < 0.004:
                        absences.append(
                            Absence(
                                register=register, pupil_id=pupil_id, status=Absence.Status.LATE
                            )
                        )
        day += datetime.timedelta(days=1)
    AttendanceRegister.objects.bulk_create(registers, batch_size=5000)
    for absence in absences:
        absence.register_id = absence.register.pk
    Absence.objects.bulk_create(absences, batch_size=5000)


def _register_taken(day: datetime.date, rng: random.Random, late_share: float) -> datetime.datetime:
    minutes = (
        rng.randrange(9 * 60 + 1, 11 * 60 + 30)
        if rng.random() < late_share
        else rng.randrange(7 * 60, 8 * 60 + 55)
    )
    taken = datetime.datetime.combine(day, datetime.time()) + datetime.timedelta(minutes=minutes)
    if rng.random() < late_share / 8:
        taken += datetime.timedelta(days=1)  # forgotten, taken the next morning
    return min(timezone.make_aware(taken), timezone.now())


def _previous_year_marks(
    previous: SchoolYear,
    subjects: list[Subject],
    plans: dict[tuple[int, int], int],
    ability: dict[int, float],
    rng: random.Random,
) -> None:
    terms = list(Term.objects.filter(school_year=previous).order_by("number"))
    pupils = set(
        Enrolment.objects.filter(school_class__school_year=previous).values_list(
            "pupil_id", flat=True
        )
    )
    rates = {p: min(0.3, max(0.0, rng.expovariate(1 / 0.012))) for p in ability}
    for term in terms:
        _marks_for_term(
            term,
            subjects,
            plans,
            {p: ability[p] for p in pupils},
            rng,
            columns={"tx*", "gk", "ck"},
            on_time_share=0.7,
        )
        ConductGrade.objects.bulk_create(
            [
                ConductGrade(
                    pupil_id=p,
                    school_year=previous,
                    term=term,
                    level=_conduct_level(rng, ability[p]),
                )
                for p in pupils
            ]
        )
        services.results_compute_term(term=term)
    MarkSheet.objects.filter(term__in=terms).update(
        published_at=datetime.datetime.combine(
            previous.ends_on, datetime.time(17), tzinfo=datetime.UTC
        )
    )
    Term.objects.filter(school_year=previous).update(is_closed=True)
    _registers(previous, previous.starts_on, previous.ends_on, rng, rates, late_share=0.3)
    services.results_compute_year(school_year=previous)
    # The summer that followed: everyone re-assessed or trained passed, and was promoted.
    after = []
    reassessments = []
    for outcome in YearOutcome.objects.filter(
        school_year=previous,
        decision__in=[YearOutcome.Decision.REASSESS, YearOutcome.Decision.SUMMER_TRAINING],
    ):
        for code in outcome.reassess_subjects:
            subject = next(s for s in subjects if s.code == code)
            reassessments.append(
                Reassessment(
                    pupil_id=outcome.pupil_id,
                    school_year=previous,
                    subject=subject,
                    score=Decimal("5.5") if subject.is_scored else None,
                    passed=None if subject.is_scored else True,
                    entered_by=StaffMember.objects.filter(
                        position=StaffMember.Position.PRINCIPAL
                    ).first(),
                )
            )
        after.append(
            YearOutcome(
                pupil_id=outcome.pupil_id,
                school_year=previous,
                stage=YearOutcome.Stage.AFTER_SUMMER,
                decision=YearOutcome.Decision.PROMOTED,
                absences=outcome.absences,
            )
        )
    Reassessment.objects.bulk_create(reassessments)
    YearOutcome.objects.bulk_create(after)


def _current_term(
    current: SchoolYear,
    subjects: list[Subject],
    plans: dict[tuple[int, int], int],
    ability: dict[int, float],
    rng: random.Random,
    today: datetime.date,
) -> None:
    term = Term.objects.get(school_year=current, number=1)
    if today < term.starts_on:
        return
    weeks = (min(today, term.ends_on) - term.starts_on).days // 7
    columns = {"tx1"} | ({"tx2"} if weeks >= 6 else set()) | ({"gk"} if weeks >= 9 else set())
    sheets = _marks_for_term(
        term,
        subjects,
        plans,
        ability,
        rng,
        columns=columns,
        complete_share=0.93,
        on_time_share=0.88,
        today=today,
    )
    published = [s.pk for s in sheets if rng.random() < 0.8]
    MarkSheet.objects.filter(pk__in=published).update(
        published_at=datetime.datetime.combine(
            today - datetime.timedelta(days=3), datetime.time(17), tzinfo=datetime.UTC
        )
    )
    rates = {p: min(0.2, max(0.0, rng.expovariate(1 / 0.01))) for p in ability}
    _registers(
        current,
        term.starts_on,
        min(today, term.ends_on),
        rng,
        rates,
        skip_today_share=0.3,
        late_share=0.2,
    )


def _logbook(current: SchoolYear, today: datetime.date, rng: random.Random) -> None:
    """Logbook entries for every timetabled period so far, except a few recent ones."""
    term = Term.objects.get(school_year=current, number=1)
    slots = list(
        TimetableSlot.objects.filter(school_class__school_year=current).select_related(
            "assignment__subject", "assignment__teacher", "school_class"
        )
    )
    lessons = {(p.subject_id, p.grade, p.number): p for p in PlannedLesson.objects.all()}
    taught: dict[tuple[int, int], int] = defaultdict(int)
    entries = []
    day = term.starts_on
    while day < today:
        weekday = day.isoweekday()
        for slot in slots:
            if slot.weekday != weekday:
                continue
            if (today - day).days <= 3 and rng.random() < 0.25:
                continue  # not recorded yet: the principal sees it
            key = (slot.school_class_id, slot.assignment.subject_id)
            taught[key] += 1
            lesson = lessons.get((slot.assignment.subject_id, slot.school_class.grade, taught[key]))
            entries.append(
                LogbookEntry(
                    school_class_id=slot.school_class_id,
                    date=day,
                    period=slot.period,
                    assignment=slot.assignment,
                    lesson=lesson,
                    lesson_title=lesson.title if lesson else "",
                    remark="Lớp học tốt, hăng hái phát biểu." if rng.random() < 0.1 else "",
                    recorded_by=slot.assignment.teacher,
                )
            )
        day += datetime.timedelta(days=1)
    LogbookEntry.objects.bulk_create(entries, batch_size=5000)


def _notes_and_tasks(
    current: SchoolYear, teachers: list[StaffMember], today: datetime.date, rng: random.Random
) -> None:
    enrolments = list(
        Enrolment.objects.filter(
            school_class__school_year=current, ends_on__isnull=True
        ).select_related("school_class")
    )
    notes = []
    for enrolment in rng.sample(enrolments, k=min(len(enrolments), len(enrolments) // 6)):
        praise = rng.random() < 0.6
        notes.append(
            BehaviourNote(
                pupil_id=enrolment.pupil_id,
                school_class=enrolment.school_class,
                kind=BehaviourNote.Kind.PRAISE if praise else BehaviourNote.Kind.INCIDENT,
                text=rng.choice(PRAISE if praise else INCIDENTS),
                author_id=enrolment.school_class.homeroom_teacher_id,
            )
        )
    BehaviourNote.objects.bulk_create(notes)
    _repeated_incidents(enrolments, seed=len(enrolments))
    principal = StaffMember.objects.filter(position=StaffMember.Position.PRINCIPAL).first()
    classes = list(SchoolClass.objects.filter(school_year=current))
    tasks = []
    for school_class in rng.sample(classes, k=min(6, len(classes))):
        assignment = (
            TeachingAssignment.objects.filter(school_class=school_class, subject__mode="scored")
            .select_related("teacher", "subject")
            .first()
        )
        tasks.append(
            StaffTask(
                title=f"Nhập điểm giữa kì {assignment.subject.name} lớp {school_class.name}",
                assignee=assignment.teacher,
                due_on=today + datetime.timedelta(days=rng.randint(1, 10)),
                created_by=principal,
            )
        )
    StaffTask.objects.bulk_create(tasks)


def _repeated_incidents(enrolments: list[Enrolment], *, seed: int) -> None:
    """A few pupils with two incidents this week (the first pupil of the first grade-6 class
    among them), which the early-warning rule "2 conduct incidents in 7 days" picks out. Its
    own random generator: the rest of the demo stays what it was."""
    rng = random.Random(seed)  # noqa: S311 - demo data
    first_class = min(
        (e.school_class for e in enrolments if e.school_class.grade == 6),
        key=lambda c: c.name,
        default=None,
    )
    chosen = [e for e in enrolments if e.school_class == first_class][:1]
    chosen += rng.sample(enrolments, k=min(len(enrolments), len(enrolments) // 200))
    BehaviourNote.objects.bulk_create(
        BehaviourNote(
            pupil_id=enrolment.pupil_id,
            school_class=enrolment.school_class,
            kind=BehaviourNote.Kind.INCIDENT,
            text=text,
            author_id=enrolment.school_class.homeroom_teacher_id,
        )
        for enrolment in chosen
        for text in rng.sample(INCIDENTS, k=2)
    )


def pilot_history_demo_seed(*, seed: int, today: datetime.date) -> None:
    """The raw history the pilot's KPIs are counted from (core_school.figures.pilot): the
    accounts opened before the school year, who used the platform each week of the current
    school year (staff soon, guardians more and more), and a weekly data-quality check whose
    failures are fixed little by little. Only raw rows: the KPIs are computed from them."""
    rng = random.Random(f"pilot-{seed}")  # noqa: S311 - demo data
    current = SchoolYear.objects.get(is_current=True)
    opened = timezone.make_aware(
        datetime.datetime.combine(current.starts_on - datetime.timedelta(days=14), datetime.time(8))
    )
    User.objects.update(date_joined=opened)
    first = current.starts_on - datetime.timedelta(days=current.starts_on.weekday())
    weeks = []
    monday = first
    while monday <= today:
        weeks.append(monday)
        monday += datetime.timedelta(days=7)
    if not weeks:
        return
    kinds = {
        user_id: pilot.kind_of(roles)
        for user_id, roles in User.objects.annotate(roles=ArrayAgg("groups__name")).values_list(
            "pk", "roles"
        )
    }
    rows: list[tuple[int, datetime.date, str]] = []
    for user_id, kind in sorted(kinds.items()):
        if kind == UserKind.STAFF:
            # Staff start within the first weeks and come most weeks.
            start, weekly = rng.choice([0, 0, 0, 1, 1, 2, 3, 5]), 0.92
        elif kind == UserKind.GUARDIAN:
            # Guardians join over the term (a quarter not yet), then come most weeks.
            start, weekly = int(rng.expovariate(1 / 6)) + rng.choice([0, 0, 0, 99]), 0.75
        else:
            start, weekly = rng.randrange(len(weeks) + 1), 0.5
        rows += [
            (user_id, weeks[index], kind)
            for index in range(start, len(weeks))
            if rng.random() < weekly
        ]
    # Tens of thousands of rows: one statement from arrays, not model instances.
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {WeeklyActivity._meta.db_table} (user_id, week, kind) "  # noqa: S608
            "SELECT * FROM unnest(%s::int[], %s::date[], %s::varchar[])",
            [[r[0] for r in rows], [r[1] for r in rows], [str(r[2]) for r in rows]],
        )
        # Whoever used the platform signed in at some point: their last sign-in falls in their
        # last active week (the figures count guardians who ever signed in to the portal).
        cursor.execute(
            f"UPDATE {User._meta.db_table} u "  # noqa: S608
            "SET last_login = LEAST(a.week + interval '12 hours', now()) "
            f"FROM (SELECT user_id, max(week) AS week FROM {WeeklyActivity._meta.db_table} "
            "GROUP BY user_id) a WHERE u.id = a.user_id"
        )
    # A weekly check of the records (every Sunday night) and the one of today; the early
    # checks found more failing records, fixed over the weeks down to what fails today.
    adopted = adopted_standard()
    if adopted is None:
        return
    report = conformance.conformance_check(dictionary=adopted.content["data_dictionary"])
    extra = max(report.records // 25, 3)
    checks = []
    for index, monday in enumerate(weeks):
        sunday = timezone.make_aware(
            datetime.datetime.combine(monday + datetime.timedelta(days=6), datetime.time(23))
        )
        if sunday >= timezone.now():
            sunday = timezone.now()
        left = extra * (len(weeks) - 1 - index) // max(len(weeks) - 1, 1)
        checks.append(
            ConformanceCheck(
                checked_at=sunday,
                version=adopted.version,
                records=report.records,
                failing=min(report.records, report.failing + left),
            )
        )
    ConformanceCheck.objects.bulk_create(checks)


def _recent_truancy(current: SchoolYear, today: datetime.date, *, seed: int) -> None:
    """A few pupils absent without leave three times in the last two weeks (the second pupil
    of the first grade-6 class among them), which the early-warning rule "3 unexcused
    absences in 14 days" picks out. Its own random generator: the rest stays what it was."""
    rng = random.Random(seed + 1)  # noqa: S311 - demo data
    first = today - datetime.timedelta(days=13)
    registers: dict[int, list[int]] = defaultdict(list)
    for register_id, class_id in AttendanceRegister.objects.filter(
        school_class__school_year=current, date__gte=first, date__lte=today
    ).values_list("pk", "school_class_id"):
        registers[class_id].append(register_id)
    enrolments = list(
        Enrolment.objects.filter(school_class__school_year=current, ends_on__isnull=True)
        .order_by("school_class__grade", "school_class__name", "pupil_id")
        .values_list("pupil_id", "school_class_id")
    )
    if not enrolments:
        return
    first_class = enrolments[0][1]
    chosen = [e for e in enrolments if e[1] == first_class][1:2]
    chosen += rng.sample(enrolments, k=len(enrolments) // 250)
    absences = []
    for pupil_id, class_id in chosen:
        taken = registers.get(class_id, [])
        for register_id in rng.sample(taken, k=min(3, len(taken))):
            Absence.objects.filter(register_id=register_id, pupil_id=pupil_id).delete()
            absences.append(
                Absence(register_id=register_id, pupil_id=pupil_id, status=Absence.Status.UNEXCUSED)
            )
    Absence.objects.bulk_create(absences)
