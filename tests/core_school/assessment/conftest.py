"""Fixtures for the gradebook: the demo maths teacher's sheet of the open term."""

import pytest

from core_school.assessment.models import MarkSheet
from core_school.assessment.selectors import current_term
from core_school.people.access import Actor
from tests.core_school.conftest import actor

__all__ = ["actor"]


@pytest.fixture
def sheet(teacher: Actor) -> MarkSheet:
    """One of the teacher's maths sheets in the open term."""
    class_id, subject_id = sorted(teacher.teaches)[0]
    return MarkSheet.objects.select_related("school_class", "subject", "term").get(
        school_class_id=class_id, subject_id=subject_id, term=current_term()
    )
