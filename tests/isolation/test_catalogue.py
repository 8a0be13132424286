"""The catalogue behind the isolation tests covers every URL pattern."""

import pytest

from tests.isolation.url_catalogue import catalogue


@pytest.mark.parametrize("urlconf", ["config.urls_tenant", "config.urls_public"])
def test_every_url_pattern_has_a_concrete_path(urlconf: str) -> None:
    found, broken = catalogue(urlconf)
    assert broken == []
    assert len(found) > 20


def test_school_urls_include_the_api_and_sign_in() -> None:
    paths = {url.path for url in catalogue("config.urls_tenant")[0]}
    assert {"/", "/api/v1/me/", "/accounts/login/"} <= paths
