"""Errors the report builders raise."""

from django.utils.translation import gettext as _

from config.errors import ApplicationError
from core_school.academics.models import SchoolYear
from core_school.people.models import Pupil


class ReportUnavailableError(ApplicationError):
    """There is nothing to report: the pupil was not enrolled in that school year."""

    def __init__(self, *, pupil: Pupil, school_year: SchoolYear) -> None:
        super().__init__(
            _("%(pupil)s was not enrolled in school year %(year)s.")
            % {"pupil": pupil.full_name, "year": school_year.name},
            extra={"pupil_id": pupil.pk, "school_year_id": school_year.pk},
        )
