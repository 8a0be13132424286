"""The import API: multipart upload → preview JSON (201 with the run, or 400 with every
problem), commit by id, list and read runs, downloads; principal and administrator only."""

import io

import pytest
from django_tenants.utils import tenant_context
from rest_framework.test import APIClient

from core_school.dataimport.models import ImportRun
from core_school.people.models import Pupil
from tenants.models import School
from tests.conftest import host_of
from tests.core_school.dataimport.conftest import (
    PUPIL_HEADERS,
    api_signed_in,
    new_pupils_file,
    pupil_row,
    school_counts,
    xlsx_bytes,
)


def _upload(client: APIClient, data: bytes, *, kind: str = "pupils", **extra: str) -> object:
    upload = io.BytesIO(data)
    upload.name = "ds.xlsx"
    return client.post(
        "/api/v1/imports/", {"kind": kind, "file": upload, **extra}, format="multipart"
    )


@pytest.fixture
def principal_api(school_a: School) -> APIClient:
    return api_signed_in(school_a, "hieutruong")


@pytest.mark.parametrize("pupils", [3, 30])
def test_upload_then_commit_by_id(
    school_a: School,
    principal_api: APIClient,
    pupils: int,
    django_assert_num_queries: object,
) -> None:
    # given
    with tenant_context(school_a):
        before = school_counts()
    # when: the same number of queries for 3 or 30 pupils
    with django_assert_num_queries(17):  # type: ignore[operator]
        uploaded = _upload(principal_api, new_pupils_file(pupils), layout="vnedu")
    run = uploaded.json()
    with django_assert_num_queries(21):  # type: ignore[operator]
        committed = principal_api.post(f"/api/v1/imports/{run['id']}/commit/")
    # then
    assert uploaded.status_code == 201
    assert run["status"] == "ready"
    assert run["layout"] == "vnedu"
    assert run["counts"]["create"] == pupils
    assert run["columns"]["national_id"] == "Mã học sinh"
    assert run["created_by"] == "hieutruong"
    assert committed.status_code == 200
    assert committed.json()["status"] == "committed"
    assert committed.json()["committed_at"]
    with tenant_context(school_a):
        assert school_counts()["pupils"] == before["pupils"] + pupils


def test_a_file_with_problems_answers_400_with_every_problem(
    school_a: School, principal_api: APIClient
) -> None:
    data = xlsx_bytes(
        [
            PUPIL_HEADERS,
            pupil_row(1, "0999000001", "Nguyễn Văn An", birth="31/02/2012"),
            pupil_row(2, "0999000001", "Trần Văn Bình", sex="?"),
        ]
    )
    response = _upload(principal_api, data)
    body = response.json()
    assert response.status_code == 400
    assert body["message"] == (
        "The file has 3 problems; nothing was written. Correct them and upload it again."
    )
    assert body["extra"]["problems"] == [
        {
            "row": 2,
            "column": "Ngày sinh",
            "value": "31/02/2012",
            "message": "31/02/2012 is not a date.",
            "sheet": "",
        },
        {
            "row": 3,
            "column": "Mã học sinh",
            "value": "0999000001",
            "message": "The identifier 0999000001 is also on row 2: each appears once in a file.",
            "sheet": "",
        },
        {
            "row": 3,
            "column": "Giới tính",
            "value": "?",
            "message": "? is not a sex: write Nam or Nữ.",
            "sheet": "",
        },
    ]
    assert body["extra"]["preview"]["rows"] == 2
    with tenant_context(school_a):
        assert ImportRun.objects.count() == 0


def test_unknown_kind_is_400(principal_api: APIClient) -> None:
    response = _upload(principal_api, new_pupils_file(1), kind="marks")
    assert response.status_code == 400
    assert response.json()["extra"] == {"field": "kind"}


def test_runs_are_listed_and_read(school_a: School, principal_api: APIClient) -> None:
    run = _upload(principal_api, new_pupils_file(1)).json()
    listed = principal_api.get("/api/v1/imports/").json()
    read = principal_api.get(f"/api/v1/imports/{run['id']}/").json()
    assert [r["id"] for r in listed["results"]] == [run["id"]]
    assert read["file_name"] == "ds.xlsx"
    assert read["sha256"] == run["sha256"]


def test_a_second_commit_is_refused(principal_api: APIClient) -> None:
    run = _upload(principal_api, new_pupils_file(1)).json()
    principal_api.post(f"/api/v1/imports/{run['id']}/commit/")
    again = principal_api.post(f"/api/v1/imports/{run['id']}/commit/")
    assert again.status_code == 400
    assert again.json()["message"].startswith("This file was already committed on ")


def test_export_and_template_downloads(principal_api: APIClient) -> None:
    exported = principal_api.get(
        "/api/v1/imports/export/", {"kind": "staff", "layout": "smas", "file_format": "csv"}
    )
    template = principal_api.get(
        "/api/v1/imports/template/", {"kind": "pupils", "layout": "ministry"}
    )
    assert exported.status_code == 200
    assert exported.content.decode("utf-8-sig").startswith("STT,Mã giáo viên,Họ đệm,Tên")
    assert template.status_code == 200
    assert template["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize("username", ["giaovien", "gvcn", "cg002", "phuhuynh", "hocsinh"])
def test_others_are_answered_403(school_a: School, username: str) -> None:
    client = api_signed_in(school_a, username)
    assert _upload(client, new_pupils_file(1)).status_code == 403
    assert client.get("/api/v1/imports/").status_code == 403
    assert (
        client.get("/api/v1/imports/export/", {"kind": "pupils", "layout": "vnedu"}).status_code
        == 403
    )
    with tenant_context(school_a):
        assert not Pupil.objects.filter(national_id__startswith="0999").exists()


def test_the_administrator_may_commit(school_a: School, principal_api: APIClient) -> None:
    run = _upload(principal_api, new_pupils_file(1)).json()
    response = api_signed_in(school_a, "quantri").post(f"/api/v1/imports/{run['id']}/commit/")
    assert response.status_code == 200


def test_anonymous_is_401(school_a: School) -> None:
    response = APIClient(HTTP_HOST=host_of(school_a)).get("/api/v1/imports/")
    assert response.status_code == 401


def test_a_run_of_school_a_is_not_found_on_school_b(
    school_a: School, school_b: School, principal_api: APIClient
) -> None:
    run = _upload(principal_api, new_pupils_file(1)).json()
    response = api_signed_in(school_b, "hieutruong").post(f"/api/v1/imports/{run['id']}/commit/")
    assert response.status_code == 404
    with tenant_context(school_a):
        assert ImportRun.objects.get(pk=run["id"]).status == "ready"
