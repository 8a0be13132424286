"""Fixtures of the school lifecycle tests (helpers: lifecycle_support.py)."""

from pathlib import Path

import pytest

from accounts.models import User
from tests.tenants.lifecycle_support import export_committed


@pytest.fixture
def lifecycle_dirs(settings: object, tmp_path: Path) -> Path:
    """MEDIA_ROOT and SCHOOL_EXPORT_DIR in the test's own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"  # type: ignore[attr-defined]
    settings.SCHOOL_EXPORT_DIR = tmp_path / "exports"  # type: ignore[attr-defined]
    return tmp_path


@pytest.fixture
def operator(db: None) -> User:
    """A demo operator of the Hà Nội department (a public-schema user)."""
    return User.objects.get(username="so.hanoi")


@pytest.fixture(scope="module")
def archive_b(
    django_db_setup: None, django_db_blocker: object, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """THCS Nghĩa Tân (the small demo school) exported once per test module."""
    return export_committed("nghiatan", tmp_path_factory.mktemp("archive_b"), django_db_blocker)
