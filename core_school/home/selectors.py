"""The figures on a school's home page. Runs inside the current school's schema."""

from typing import TypedDict

from django.db.models import Count, Q

from core_school.academics.models import SchoolClass, SchoolYear
from core_school.people.models import Pupil, StaffMember


class SchoolFigures(TypedDict):
    school_year: str
    pupils: int
    girls: int
    classes: int
    staff: int


def school_figures() -> SchoolFigures:
    """Headline counts for the current school year, in three queries."""
    year = SchoolYear.objects.filter(is_current=True).first()
    pupils = Pupil.objects.filter(status__in=[Pupil.Status.STUDYING, Pupil.Status.TRANSFERRED_IN])
    counts = pupils.aggregate(total=Count("pk"), girls=Count("pk", filter=Q(sex="F")))
    return {
        "school_year": year.name if year else "",
        "pupils": counts["total"],
        "girls": counts["girls"],
        "classes": SchoolClass.objects.filter(school_year=year).count() if year else 0,
        "staff": StaffMember.objects.count(),
    }
