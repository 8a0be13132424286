"""Who may open which report. Every refusal is a 404, so a report's existence does not leak.

Runs inside the current school's schema.
"""

from collections.abc import Iterable

from core_school.academics.models import SchoolClass
from core_school.people.access import Actor
from core_school.people.models import Pupil
from core_school.reports import selectors


def may_view_report_card(*, actor: Actor, pupil: Pupil, classes: Iterable[SchoolClass]) -> bool:
    """Staff who may view one of the pupil's classes that year (Actor rules), the pupil, or
    the pupil's guardians."""
    return any(actor.can_view_class(c.pk) for c in classes) or selectors.pupil_is_own(
        actor=actor, pupil=pupil
    )


def may_download_class_summary(*, actor: Actor, school_class: SchoolClass) -> bool:
    """The principal, vice-principals and school administrators, and the class's homeroom
    teacher (GVCN): the people who sign or file the sheet."""
    return actor.sees_whole_school or school_class.pk in actor.homeroom_class_ids
