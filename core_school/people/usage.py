"""What the school uses, counted where its rows live, for billing (config.metering).

Runs inside the current school's schema. Registered by core_school.people.apps; billing calls
the meters by name ("active_pupils", "staff") without importing this module.
"""

import calendar
import datetime

from django.db.models import Q

from core_school.academics.models import Enrolment
from core_school.people.models import StaffMember


def active_pupils_count(*, month: datetime.date) -> int:
    """Pupils enrolled in a class at some point of the month that starts on `month`.

    An enrolment counts when it started by the month's last day and had not ended before its
    first day. A pupil moved between classes (two enrolments) counts once; a pupil who left
    in the middle of the month still counts for that month; a summer month with no open
    enrolment counts nobody.
    """
    first = month.replace(day=1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    return (
        Enrolment.objects.filter(starts_on__lte=last)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=first))
        .values("pupil_id")
        .distinct()
        .count()
    )


def staff_count(*, month: datetime.date) -> int:
    """Staff on the school's register whose account is not disabled.

    Staff rows carry no dates, so this is the count when the meter runs (the monthly task runs
    on the first day of the next month); `month` is accepted for the meter protocol.
    """
    return StaffMember.objects.exclude(user__is_active=False).count()
