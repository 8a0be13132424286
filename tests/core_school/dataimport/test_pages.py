"""The import pages from a browser's point of view (the test client): upload → preview →
commit, the problems table, the downloads, who may use them; query counts pinned."""

import io

import pytest
from django.test import Client
from django_tenants.utils import tenant_context

from core_school.academics.models import SchoolClass
from core_school.dataimport.models import ImportRun
from core_school.people.models import Pupil
from tenants.models import School
from tests.conftest import host_of
from tests.core_school.dataimport.conftest import (
    PUPIL_HEADERS,
    new_pupils_file,
    pupil_row,
    school_counts,
    signed_in,
    xlsx_bytes,
)


def _upload(client: Client, data: bytes, *, name: str = "ds.xlsx", kind: str = "pupils") -> object:
    upload = io.BytesIO(data)
    upload.name = name
    return client.post("/import/", {"kind": kind, "layout": "auto", "file": upload})


def test_index_page_for_the_principal(
    school_a: School, principal_client: Client, django_assert_num_queries: object
) -> None:
    with django_assert_num_queries(9):  # type: ignore[operator]
        response = principal_client.get("/import/")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="upload-form"' in page
    assert "/import/template/pupils/vnedu.xlsx" in page
    assert "/import/export/guardians/smas.csv" in page


def test_upload_preview_commit_from_the_page(
    school_a: School, principal_client: Client, django_assert_num_queries: object
) -> None:
    # given
    with tenant_context(school_a):
        before = school_counts()
    # when: the upload
    response = _upload(principal_client, new_pupils_file(3))
    run_url = response["Location"]
    # then: a preview, nothing of the school written yet
    assert response.status_code == 302
    with tenant_context(school_a):
        assert school_counts() == {**before, "runs": before["runs"] + 1}
    with django_assert_num_queries(8):  # type: ignore[operator]
        page = principal_client.get(run_url)
    text = page.content.decode()
    assert 'data-testid="commit-form"' in text
    assert "<strong>3</strong> to create" in text
    assert "<strong>4</strong> new guardians" in text
    # when: the commit
    committed = principal_client.post(f"{run_url}commit/", follow=True)
    # then
    assert committed.redirect_chain == [(run_url, 302)]
    assert "Imported: 3 created, 0 updated, 0 unchanged." in committed.content.decode()
    assert 'data-testid="committed"' in committed.content.decode()
    with tenant_context(school_a):
        assert Pupil.objects.filter(national_id__startswith="0999").count() == 3
        assert school_counts()["pupils"] == before["pupils"] + 3


def test_the_same_file_again_says_it_was_already_imported(
    school_a: School, principal_client: Client
) -> None:
    data = new_pupils_file(2)
    first = _upload(principal_client, data)["Location"]
    principal_client.post(f"{first}commit/")
    second = _upload(principal_client, data)["Location"]
    page = principal_client.get(second).content.decode()
    assert 'data-testid="earlier"' in page
    assert "<strong>0</strong> to create" in page
    assert "<strong>2</strong> unchanged" in page


@pytest.mark.parametrize("more_rows", [0, 60])
def test_problems_are_listed_by_row_and_column_and_nothing_is_offered_to_commit(
    school_a: School, principal_client: Client, django_assert_num_queries: object, more_rows: int
) -> None:
    # the same number of queries whatever the number of rows
    broken = xlsx_bytes(
        [
            PUPIL_HEADERS,
            pupil_row(1, "0999000001", "Nguyễn Văn An", father=("Nguyễn Văn Ba", "0000 000 001")),
            pupil_row(2, "0999000002", "Nguyễn Văn Bình", birth="31/02/2012"),
            *(
                pupil_row(n, f"0999{n:06d}", f"Học Sinh {n}", mother=(f"Mẹ {n}", f"0388{n:06d}"))
                for n in range(3, 3 + more_rows)
            ),
        ]
    )
    with django_assert_num_queries(12):  # type: ignore[operator]
        response = _upload(principal_client, broken)
    page = response.content.decode()
    assert response.status_code == 400
    assert 'data-testid="problems"' in page
    assert "<td>2</td><td>SĐT cha</td><td>0000 000 001</td>" in page
    assert (
        "<td>3</td><td>Ngày sinh</td><td>31/02/2012</td><td>31/02/2012 is not a date.</td>" in page
    )
    assert "commit-form" not in page
    with tenant_context(school_a):
        assert ImportRun.objects.count() == 0


def test_a_commit_that_finds_problems_lists_them(
    school_a: School, principal_client: Client
) -> None:
    run_url = _upload(principal_client, new_pupils_file(2))["Location"]
    with tenant_context(school_a):
        SchoolClass.objects.filter(name="6A1", school_year__is_current=True).update(name="6X1")
    response = principal_client.post(f"{run_url}commit/")
    page = response.content.decode()
    assert response.status_code == 400
    assert "<td>5</td><td>Lớp</td><td>6A1</td>" in page


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        (
            "/import/export/pupils/vnedu.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("/import/export/staff/ministry.csv", "text/csv; charset=utf-8"),
        (
            "/import/template/classes/smas.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    ],
)
def test_downloads(principal_client: Client, path: str, content_type: str) -> None:
    response = principal_client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize(
    "path", ["/import/export/pupil/vnedu.xlsx", "/import/template/staff/vnedu.pdf"]
)
def test_unknown_downloads_are_404(principal_client: Client, path: str) -> None:
    assert principal_client.get(path).status_code == 404


@pytest.mark.parametrize("username", ["giaovien", "gvcn", "cg002", "cg005", "phuhuynh", "hocsinh"])
@pytest.mark.parametrize(
    "path", ["/import/", "/import/export/pupils/vnedu.xlsx", "/import/template/pupils/vnedu.csv"]
)
def test_only_the_principal_and_the_administrator_get_in(
    school_a: School, username: str, path: str
) -> None:
    assert signed_in(school_a, username).get(path).status_code == 403


def test_others_may_not_upload_or_commit(school_a: School, principal_client: Client) -> None:
    run_url = _upload(principal_client, new_pupils_file(1))["Location"]
    teacher = signed_in(school_a, "giaovien")
    assert _upload(teacher, new_pupils_file(1)).status_code == 403
    assert teacher.post(f"{run_url}commit/").status_code == 403
    with tenant_context(school_a):
        assert not Pupil.objects.filter(national_id__startswith="0999").exists()


def test_the_administrator_gets_in(school_a: School) -> None:
    assert signed_in(school_a, "quantri").get("/import/").status_code == 200


def test_anonymous_visitors_are_sent_to_sign_in(school_a: School) -> None:
    response = Client(HTTP_HOST=host_of(school_a)).get("/import/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("username", "shown"), [("hieutruong", True), ("quantri", True), ("gvcn", False)]
)
def test_home_page_links_to_the_import_for_those_who_may(
    school_a: School, username: str, shown: bool
) -> None:
    page = signed_in(school_a, username).get("/").content.decode()
    assert ('data-testid="import-data-link"' in page) is shown
