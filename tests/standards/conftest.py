"""The console clients and authority fixtures, shared with the console tests."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation

from tests.console.conftest import (  # noqa: F401 - fixtures
    console_as,
    hanoi,
    in_node,
    out_of_node,
    ward_caugiay,
    ward_nghiado,
)


@pytest.fixture
def english(settings: Any) -> Iterator[None]:
    """For tests that read the English messages (the platform's default language is Vietnamese)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
