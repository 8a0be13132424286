"""Factories for the dashboard tests: absences and conduct grades on the demo school's rows."""

from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from core_school.assessment.models import ConductGrade, Level, SubjectResult
from core_school.attendance.models import Absence


class AbsenceFactory(DjangoModelFactory[Absence]):
    """An absence of `pupil` in `register` (both required): excused unless told otherwise."""

    class Meta:
        model = Absence

    status = Absence.Status.EXCUSED
    reason = "Ốm, gia đình xin phép"


class ConductGradeFactory(DjangoModelFactory[ConductGrade]):
    """A term conduct grade of `pupil` (required) for `term` (required), Chưa đạt by default."""

    class Meta:
        model = ConductGrade

    school_year = factory.SelfAttribute("term.school_year")
    level = Level.CHUA_DAT


class SubjectResultFactory(DjangoModelFactory[SubjectResult]):
    """A term subject result (ĐTBmhk) of `pupil`, `subject` and `term` (all required)."""

    class Meta:
        model = SubjectResult

    school_year = factory.SelfAttribute("term.school_year")
    average = Decimal("4.5")
