"""A second published version to adopt, built from version 1."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation

from tests.core_school.conftest import in_school_a, principal, teacher  # noqa: F401 - fixtures


@pytest.fixture(autouse=True)
def _english(settings: Any) -> Iterator[None]:
    """These tests read the English messages; the platform's default language is Vietnamese."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
