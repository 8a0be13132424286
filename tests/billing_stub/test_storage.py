"""Storage is the school's tables in PostgreSQL plus its media folder, and grows with a file."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

from billing_stub import metering
from tenants.models import School


@pytest.fixture
def school_file(school_b: School) -> Iterator[Path]:
    """A 250,000-byte file in school B's media folder, removed afterwards."""
    path = Path(settings.MEDIA_ROOT) / school_b.schema_name / "billing-test" / "scan.pdf"
    path.parent.mkdir(parents=True, exist_ok=True)
    yield path
    path.unlink(missing_ok=True)
    path.parent.rmdir()


def test_storage_of_a_demo_school_counts_its_tables(school_a: School) -> None:
    # when
    tables = metering.database_bytes(schema_name=school_a.schema_name)
    # then: a year and a half of marks for 1,703 pupils takes megabytes
    assert tables > 10_000_000
    assert metering.storage_bytes(school=school_a) >= tables


def test_storage_of_the_big_school_is_more_than_the_small_one(
    school_a: School, school_b: School
) -> None:
    assert metering.database_bytes(schema_name=school_a.schema_name) > metering.database_bytes(
        schema_name=school_b.schema_name
    )


def test_storage_grows_by_a_file_added_to_the_school_media(
    school_a: School, school_b: School, school_file: Path
) -> None:
    # given
    media_before = metering.media_bytes(schema_name=school_b.schema_name)
    storage_before = metering.storage_bytes(school=school_b)
    other_before = metering.media_bytes(schema_name=school_a.schema_name)
    # when
    school_file.write_bytes(b"%PDF-" + b"x" * 249_995)
    # then
    assert metering.media_bytes(schema_name=school_b.schema_name) == media_before + 250_000
    assert metering.storage_bytes(school=school_b) >= storage_before + 250_000
    assert metering.media_bytes(schema_name=school_a.schema_name) == other_before


def test_a_school_without_a_media_folder_stores_no_file(tmp_path: Path, settings: object) -> None:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    assert metering.media_bytes(schema_name="school_nothing_here") == 0
