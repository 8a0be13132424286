"""Provisioning from the console and the API: one school from the form, many from a CSV file
(preview with every problem, then all or nothing), the batch's live progress, retry."""

import uuid

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from accounts.models import User
from console import services
from onboarding import provisioning
from onboarding.models import Milestone, Provisioning
from tenants.models import Authority, School
from tests.console.conftest import ROOT_HOST, ConsoleAs, totp_activate
from tests.console.factories import SchoolFactory

HEADER = (
    "Tên trường,Mã trường,Tên miền,Mã đơn vị quản lý,Thí điểm,Quản trị viên,"
    "Email quản trị viên,Số điện thoại\n"
)


def _csv(*rows: str) -> bytes:
    return (HEADER + "".join(row + "\n" for row in rows)).encode()


GOOD_CSV = _csv(
    "THCS Dịch Vọng Hậu,01013601,dichvonghau,00167,có,Nguyễn Thị Lan,lan@example.vn,0912345678",
    "THCS Mai Dịch,01013602,,00167,,Trần Văn Nam,nam@example.vn,",
)
NEW_SCHOOL = {
    "name": "THCS Yên Hòa",
    "code": "01013701",
    "slug": "yenhoa",
    "authority": "",  # set per test (the authority's primary key)
    "admin_name": "Phạm Thu Hà",
    "admin_email": "ha@example.vn",
    "admin_phone": "0987 654 321",
}


def _upload(client: Client, content: bytes, name: str = "truong.csv") -> object:
    return client.post("/schools/import/", {"file": SimpleUploadedFile(name, content, "text/csv")})


# ---------------------------------------------------------------------------------------------
# One school, from the form
# ---------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_new_school_from_the_form_is_provisioned_by_the_worker(
    console_as: ConsoleAs,
    ward_caugiay: Authority,
    django_capture_on_commit_callbacks: object,
) -> None:
    # given
    client = console_as("phuong.caugiay")
    # when: the form is sent; the provisioning task runs (eagerly) once the request commits
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        response = client.post("/schools/new/", {**NEW_SCHOOL, "authority": ward_caugiay.pk})
    school = School.objects.get(code="01013701")
    page = client.get(f"/schools/{school.code}/")
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        client.post(f"/schools/{school.code}/invite-again/")
    # then
    assert response.status_code == 302
    assert response["Location"] == f"/schools/{school.code}/"
    assert school.status == School.Status.ONBOARDING
    assert school.authority == ward_caugiay
    assert Provisioning.objects.get(school=school).requested_by.username == "phuong.caugiay"
    assert [message.to for message in mail.outbox] == [["ha@example.vn"], ["ha@example.vn"]]
    assert Milestone.objects.filter(school=school, step="admin_invited").exists()
    assert 'data-step="admin_invited"' in page.content.decode()


def test_new_school_form_says_which_field_is_wrong(
    console_as: ConsoleAs, ward_caugiay: Authority
) -> None:
    # when: the code of THCS Cầu Giấy, and a host name with capitals and spaces
    response = console_as("phuong.caugiay").post(
        "/schools/new/",
        {**NEW_SCHOOL, "code": "01013501", "slug": "Yen Hoa", "authority": ward_caugiay.pk},
    )
    # then
    form = response.context["form"]
    assert response.status_code == 200
    assert "THCS Cầu Giấy" in " ".join(form.errors["code"])
    assert form.errors["slug"]
    assert not School.objects.filter(name="THCS Yên Hòa").exists()


def test_new_school_form_offers_only_the_operator_nodes(
    console_as: ConsoleAs, ward_nghiado: Authority
) -> None:
    # when
    response = console_as("phuong.caugiay").post(
        "/schools/new/", {**NEW_SCHOOL, "authority": ward_nghiado.pk}
    )
    # then
    choices = {a.code for a in response.context["form"].fields["authority"].queryset}
    assert choices == {"00167"}
    assert response.context["form"].errors["authority"]
    assert not School.objects.filter(code="01013701").exists()


def test_retry_asks_again_for_a_failed_school(
    console_as: ConsoleAs, ward_caugiay: Authority
) -> None:
    # given: a requested school whose worker recorded a failure
    school = provisioning.school_request(
        **{**NEW_SCHOOL, "authority": ward_caugiay, "admin_phone": ""},
        actor=User.objects.get(username="phuong.caugiay"),
    )
    School.objects.filter(pk=school.pk).update(status=School.Status.FAILED, status_reason="Hết chỗ")
    Provisioning.objects.filter(school=school).update(error="Hết chỗ")
    client = console_as("phuong.caugiay")
    # when
    page = client.get(f"/schools/{school.code}/").content.decode()
    response = client.post(f"/schools/{school.code}/retry/")
    # then
    school.refresh_from_db()
    assert 'data-testid="provisioning-error"' in page
    assert 'data-testid="action-retry"' in page
    assert response.status_code == 302
    assert school.status == School.Status.REQUESTED


def test_operator_marks_an_onboarding_school_live(
    console_as: ConsoleAs, ward_caugiay: Authority
) -> None:
    # given
    school = SchoolFactory(authority=ward_caugiay, status=School.Status.ONBOARDING)
    client = console_as("phuong.caugiay")
    # when
    live = client.post(f"/schools/{school.code}/go-live/", follow=True)
    # then
    school.refresh_from_db()
    assert live.status_code == 200
    assert school.status == School.Status.LIVE
    assert Milestone.objects.filter(school=school, step="live").exists()


def test_checklist_refresh_dates_the_steps_from_the_school_records(
    console_as: ConsoleAs, school_a: School
) -> None:
    # when: THCS Cầu Giấy has staff, pupils and marks
    response = console_as("so.hanoi").post(
        f"/schools/{school_a.code}/checklist-refresh/", follow=True
    )
    # then
    steps = {step.code: step.reached_at for step in response.context["checklist"]}
    assert steps["staff_imported"] is not None
    assert steps["first_marks"] is not None


# ---------------------------------------------------------------------------------------------
# Many schools, from a CSV file
# ---------------------------------------------------------------------------------------------


def test_import_preview_lists_every_problem_and_creates_nothing(
    console_as: ConsoleAs, ward_caugiay: Authority
) -> None:
    # given: a bad code, the code of an existing school, a node outside the operator's, an
    # unknown node, the same host name twice
    content = _csv(
        "THCS Một,abc,mot,00167,,Nguyễn A,a@example.vn,",
        "THCS Hai,01013501,hai,00167,,Nguyễn B,b@example.vn,",
        "THCS Ba,01013603,ba,00160,,Nguyễn C,c@example.vn,",
        "THCS Bốn,01013604,bon,99999,,Nguyễn D,d@example.vn,",
        "THCS Năm,01013605,bon-nam,00167,,Nguyễn E,khong-phai-email,",
        "THCS Sáu,01013606,bon-nam,00167,,Nguyễn F,f@example.vn,",
    )
    before = School.objects.count()
    # when
    response = _upload(console_as("phuong.caugiay"), content)
    html = response.content.decode()
    problems = {(p.row, p.column) for p in response.context["preview"].problems}
    # then
    assert response.status_code == 200
    assert {
        (2, "Mã trường"),
        (3, "Mã trường"),
        (4, "Mã đơn vị quản lý"),
        (5, "Mã đơn vị quản lý"),
        (6, "Email quản trị viên"),
        (7, "Tên miền"),
    } <= problems
    assert 'data-testid="problems"' in html
    assert 'data-testid="batch-confirm-form"' not in html
    assert School.objects.count() == before


def test_import_refuses_a_file_that_is_not_csv(console_as: ConsoleAs) -> None:
    response = _upload(console_as("phuong.caugiay"), b"PK\x03\x04", name="truong.xlsx")
    assert response.context["form"].errors["file"]


@pytest.mark.slow
def test_import_confirmed_creates_the_batch_and_the_progress_reaches_100(
    console_as: ConsoleAs, django_capture_on_commit_callbacks: object
) -> None:
    # given: a good file, previewed
    client = console_as("phuong.caugiay")
    preview = _upload(client, GOOD_CSV)
    confirm = preview.context["confirm"]
    assert 'data-testid="batch-confirm-form"' in preview.content.decode()
    # when: confirmed; then the workers make the schools
    with django_capture_on_commit_callbacks(execute=False) as callbacks:  # type: ignore[operator]
        response = client.post(
            "/schools/import/",
            {"content": confirm["content"].value(), "file_name": confirm["file_name"].value()},
        )
    batch_url = response["Location"]
    before = client.get(f"{batch_url}progress.json").json()
    page_before = client.get(batch_url).content.decode()
    for callback in callbacks:
        callback()
    after = client.get(f"{batch_url}progress.json").json()
    # then
    assert response.status_code == 302
    assert (before["total"], before["done"], before["in_progress"], before["percent"]) == (
        2,
        0,
        2,
        0,
    )
    assert 'aria-valuenow="0"' in page_before
    assert "js/console_batch.js" in page_before
    assert (after["done"], after["failed"], after["percent"]) == (2, 0, 100)
    assert {s["code"] for s in after["schools"]} == {"01013601", "01013602"}
    assert {s["status"] for s in after["schools"]} == {"onboarding"}
    assert all(s["status_label"] for s in after["schools"])
    assert School.objects.get(code="01013601").is_pilot
    assert School.objects.get(code="01013602").slug == "thcs-mai-dich"


def test_a_batch_is_followed_only_by_its_creator(
    console_as: ConsoleAs, ward_caugiay: Authority
) -> None:
    # given
    batch = provisioning.batch_create(
        file_bytes=GOOD_CSV,
        file_name="truong.csv",
        actor=User.objects.get(username="phuong.caugiay"),
    )
    other = console_as("so.hanoi")
    # when / then
    assert other.get(f"/schools/batches/{batch.pk}/").status_code == 404
    assert other.get(f"/schools/batches/{batch.pk}/progress.json").status_code == 404
    assert console_as("phuong.caugiay").get(f"/schools/batches/{batch.pk}/").status_code == 200
    assert console_as("so.hanoi").get(f"/schools/batches/{uuid.uuid4()}/").status_code == 404


def test_batch_progress_json_queries_stay_flat(
    console_as: ConsoleAs, django_assert_num_queries: object
) -> None:
    # given
    batch = provisioning.batch_create(
        file_bytes=GOOD_CSV,
        file_name="truong.csv",
        actor=User.objects.get(username="phuong.caugiay"),
    )
    client = console_as("phuong.caugiay")
    client.get(f"/schools/batches/{batch.pk}/progress.json")
    # when / then: search path, session user, TOTP, roles, nodes, batch, its schools
    with django_assert_num_queries(7):  # type: ignore[operator]
        response = client.get(f"/schools/batches/{batch.pk}/progress.json")
    assert response.json()["total"] == 2


# ---------------------------------------------------------------------------------------------
# The same through the API
# ---------------------------------------------------------------------------------------------


def _api(username: str) -> APIClient:
    user = User.objects.get(username=username)
    totp_activate(user)
    client = APIClient(HTTP_HOST=ROOT_HOST)
    client.credentials(HTTP_AUTHORIZATION=f"Token {services.operator_token_issue(user=user).key}")
    return client


@pytest.mark.slow
def test_api_create_requests_a_school_that_the_worker_makes(
    db: None, django_capture_on_commit_callbacks: object
) -> None:
    # when
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        response = _api("phuong.caugiay").post(
            "/api/v1/schools/", {**NEW_SCHOOL, "authority": "00167"}, format="json"
        )
    # then
    assert response.status_code == 201
    assert response.json()["status"] == "requested"
    assert School.objects.get(code="01013701").status == School.Status.ONBOARDING


def test_api_create_names_the_wrong_fields(db: None) -> None:
    response = _api("phuong.caugiay").post(
        "/api/v1/schools/",
        {**NEW_SCHOOL, "code": "01013501", "authority": "00167"},
        format="json",
    )
    assert response.status_code == 400
    assert "code" in response.json()["extra"]["fields"]


def test_api_batch_with_problems_is_refused_with_the_rows(db: None) -> None:
    content = _csv("THCS Một,abc,mot,00167,,Nguyễn A,a@example.vn,")
    response = _api("phuong.caugiay").post(
        "/api/v1/batches/", {"file": SimpleUploadedFile("t.csv", content)}, format="multipart"
    )
    assert response.status_code == 400
    assert response.json()["extra"]["problems"][0]["row"] == 2
    assert response.json()["extra"]["problems"][0]["column"] == "Mã trường"


def test_api_batch_preview_create_and_progress(db: None) -> None:
    api = _api("phuong.caugiay")
    preview = api.post(
        "/api/v1/batches/preview/",
        {"file": SimpleUploadedFile("t.csv", GOOD_CSV)},
        format="multipart",
    )
    created = api.post(
        "/api/v1/batches/", {"file": SimpleUploadedFile("t.csv", GOOD_CSV)}, format="multipart"
    )
    progress = api.get(f"/api/v1/batches/{created.json()['id']}/")
    assert preview.status_code == 200
    assert preview.json()["problems"] == []
    assert [row["code"] for row in preview.json()["rows"]] == ["01013601", "01013602"]
    assert created.status_code == 201
    assert progress.json()["total"] == 2
    assert _api("so.hanoi").get(f"/api/v1/batches/{created.json()['id']}/").status_code == 404


def test_api_retry_go_live_and_monitor_refusal(db: None, ward_caugiay: Authority) -> None:
    failed = SchoolFactory(authority=ward_caugiay, status=School.Status.FAILED)
    onboarding = SchoolFactory(authority=ward_caugiay, status=School.Status.ONBOARDING)
    api = _api("phuong.caugiay")
    retried = api.post(f"/api/v1/schools/{failed.code}/retry/")
    live = api.post(f"/api/v1/schools/{onboarding.code}/go-live/")
    assert retried.json()["status"] == "requested"
    assert live.json()["status"] == "live"


def test_api_monitor_cannot_upload_a_batch(db: None) -> None:
    response = _api("dh.giamsat").post(
        "/api/v1/batches/", {"file": SimpleUploadedFile("t.csv", GOOD_CSV)}, format="multipart"
    )
    assert response.status_code == 403
