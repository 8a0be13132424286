"""Caches, files and log lines carry their school: nothing written by A is seen from B."""

import logging

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django_tenants.utils import tenant_context

from tenants.models import School


def test_cache_entry_written_on_a_is_invisible_on_b(school_a: School, school_b: School) -> None:
    # given
    with tenant_context(school_a):
        cache.set("timetable:6A1", "A's timetable")
    # when
    with tenant_context(school_b):
        on_b = cache.get("timetable:6A1")
    with tenant_context(school_a):
        on_a = cache.get("timetable:6A1")
    # then
    assert on_b is None
    assert on_a == "A's timetable"


def test_file_saved_on_a_is_invisible_on_b(school_a: School, school_b: School) -> None:
    # given
    with tenant_context(school_a):
        name = default_storage.save("reports/card.txt", ContentFile(b"A's report card"))
        path_on_a = default_storage.path(name)
    try:
        # when
        with tenant_context(school_b):
            exists_on_b = default_storage.exists(name)
            path_on_b = default_storage.path(name)
        # then
        assert not exists_on_b
        assert school_a.schema_name in path_on_a
        assert school_b.schema_name in path_on_b
    finally:
        with tenant_context(school_a):
            default_storage.delete(name)


def test_log_lines_of_a_request_carry_its_school(
    client_a: Client, school_a: School, caplog: pytest.LogCaptureFixture
) -> None:
    # given
    from django_tenants.log import TenantContextFilter

    logger = logging.getLogger("django.request")
    tenant_filter = TenantContextFilter()
    caplog.handler.addFilter(tenant_filter)
    try:
        # when
        with caplog.at_level(logging.WARNING, logger="django.request"):
            client_a.get("/does-not-exist/")
    finally:
        caplog.handler.removeFilter(tenant_filter)
    # then
    records = [r for r in caplog.records if r.name == logger.name]
    assert records
    assert {r.schema_name for r in records} == {school_a.schema_name}  # type: ignore[attr-defined]
