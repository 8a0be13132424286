"""The OpenAPI schema builds cleanly and documents every field; the docs load no CDN."""

import re
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

# NOTE: /api/v1/me/ (accounts) predates this API and documents its fields from the model.
NOT_OURS = {"MeOutput"}


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return SchemaGenerator(urlconf="config.urls_tenant").get_schema(request=None, public=True)


def test_schema_builds_and_validates_without_warnings(tmp_path: Path) -> None:
    # fails with CommandError on any generator warning or an invalid OpenAPI document
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml")
    )
    assert "/api/v1/mark-sheets/{id}/marks/" in (tmp_path / "schema.yaml").read_text()


def _described(spec: dict[str, Any]) -> bool:
    """Whether the help text (before the list of choices drf-spectacular appends) ends with a
    period."""
    return spec.get("description", "").split("\n\n")[0].endswith(".")


def test_every_field_has_a_description_ending_with_a_period(schema: dict[str, Any]) -> None:
    missing = [
        f"{name}.{field}"
        for name, component in schema["components"]["schemas"].items()
        if name not in NOT_OURS and not name.startswith("Paginated")
        for field, spec in component.get("properties", {}).items()
        if not _described(spec)
    ]
    assert missing == []


def test_every_operation_and_parameter_is_described(schema: dict[str, Any]) -> None:
    operations = [
        (f"{method.upper()} {path}", operation)
        for path, item in schema["paths"].items()
        if path != "/api/v1/me/"
        for method, operation in item.items()
    ]
    undescribed = [name for name, op in operations if not _described(op)]
    parameters = [
        f"{name} {parameter['name']}"
        for name, op in operations
        for parameter in op.get("parameters", [])
        if not _described(parameter)
    ]
    assert len(operations) > 40
    assert undescribed == []
    assert parameters == []


def test_schema_is_served(anonymous_a: APIClient) -> None:
    response = anonymous_a.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.")


def test_docs_load_their_assets_from_our_static_files(anonymous_a: APIClient) -> None:
    # when
    response = anonymous_a.get("/api/docs/")
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    # then
    assert response.status_code == 200
    assert "http://" not in html
    assert "https://" not in html
    assert assets
    assert all(asset.startswith("/static/drf_spectacular_sidecar/") for asset in assets)


def test_docs_assets_are_served_locally(anonymous_a: APIClient) -> None:
    response = anonymous_a.get(
        "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js"
    )
    body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    response.close()
    assert response.status_code == 200
    assert b"SwaggerUIBundle" in body
