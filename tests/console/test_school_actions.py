"""A school's page and its lifecycle actions, from the console: in the operator's node they
work; outside it the school does not exist (404); the university team only reads (403)."""

import datetime
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from tenants import lifecycle
from tenants.models import Authority, School, SchoolEvent
from tests.console.conftest import ConsoleAs
from tests.console.factories import SchoolFactory

# (action, form data, status before, status after)
ACTIONS = [
    ("suspend", {"reason": "Kiểm tra hồ sơ"}, School.Status.LIVE, School.Status.SUSPENDED),
    ("resume", {}, School.Status.SUSPENDED, School.Status.LIVE),
    ("archive", {"reason": "Sáp nhập trường"}, School.Status.LIVE, School.Status.ARCHIVED),
    ("unarchive", {}, School.Status.ARCHIVED, School.Status.LIVE),
]
EVERY_ACTION = [
    "retry",
    "suspend",
    "resume",
    "archive",
    "unarchive",
    "export",
    "delete",
    "delete-cancel",
    "go-live",
    "invite-again",
    "checklist-refresh",
]


def _messages(response: object) -> list[str]:
    return [str(m) for m in response.context["messages"]]  # type: ignore[attr-defined]


@pytest.mark.parametrize(("action", "data", "before", "after"), ACTIONS)
def test_operator_changes_a_school_of_their_node(
    console_as: ConsoleAs,
    ward_caugiay: Authority,
    action: str,
    data: dict[str, str],
    before: str,
    after: str,
) -> None:
    # given: the school got to `before` through the lifecycle (so resume/unarchive know where
    # to return)
    school = SchoolFactory(authority=ward_caugiay, status=School.Status.LIVE)
    if before == School.Status.SUSPENDED:
        lifecycle.school_suspend(school=school, reason="Trước", actor=None)
    if before == School.Status.ARCHIVED:
        lifecycle.school_archive(school=school, reason="Trước", actor=None)
    client = console_as("phuong.caugiay")
    # when
    response = client.post(f"/schools/{school.code}/{action}/", data, follow=True)
    # then
    school.refresh_from_db()
    assert response.status_code == 200
    assert school.status == after
    assert SchoolEvent.objects.filter(school=school).order_by("-id").first().actor.username == (
        "phuong.caugiay"
    )
    assert any(school.name in message for message in _messages(response))


def test_a_refused_transition_comes_back_as_a_message(
    console_as: ConsoleAs, in_node: School
) -> None:
    # when: resuming a school that is not suspended
    response = console_as("phuong.caugiay").post(f"/schools/{in_node.code}/resume/", follow=True)
    # then
    in_node.refresh_from_db()
    assert in_node.status == School.Status.LIVE
    assert any(in_node.name in m for m in _messages(response))


def test_suspending_needs_a_reason(console_as: ConsoleAs, in_node: School) -> None:
    response = console_as("phuong.caugiay").post(
        f"/schools/{in_node.code}/suspend/", {"reason": "  "}, follow=True
    )
    in_node.refresh_from_db()
    assert in_node.status == School.Status.LIVE
    assert _messages(response)


def test_delete_needs_the_code_and_can_be_cancelled(console_as: ConsoleAs, in_node: School) -> None:
    # given
    client = console_as("phuong.caugiay")
    # when
    wrong = client.post(f"/schools/{in_node.code}/delete/", {"confirm_code": "SAI"}, follow=True)
    in_node.refresh_from_db()
    due_after_wrong = in_node.deletion_due_at
    client.post(f"/schools/{in_node.code}/delete/", {"confirm_code": in_node.code})
    in_node.refresh_from_db()
    due = in_node.deletion_due_at
    page = client.get(f"/schools/{in_node.code}/").content.decode()
    client.post(f"/schools/{in_node.code}/delete-cancel/")
    in_node.refresh_from_db()
    # then
    assert due_after_wrong is None
    assert in_node.code in " ".join(_messages(wrong))
    assert due is not None
    assert due > timezone.now() + datetime.timedelta(days=1)
    assert 'data-testid="deletion-due"' in page
    assert 'data-testid="action-delete-cancel"' in page
    assert in_node.deletion_due_at is None
    assert in_node.status == School.Status.LIVE


def test_export_runs_as_a_task_and_the_archive_downloads(
    console_as: ConsoleAs,
    school_b: School,
    django_capture_on_commit_callbacks: object,
) -> None:
    # given: THCS Nghĩa Tân (small), under the province operator's node
    client = console_as("so.hanoi")
    # when: the export task runs (eagerly in tests) once the action commits
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        response = client.post(f"/schools/{school_b.code}/export/", follow=True)
    page = client.get(f"/schools/{school_b.code}/")
    exports = list(page.context["exports"])
    # then
    try:
        assert response.status_code == 200
        assert len(exports) == 1
        name = Path(getattr(exports[0], "path", exports[0])).name
        download = client.get(f"/schools/{school_b.code}/exports/{name}")
        # NOTE: reading the stream to its end closes the response (and the file); closing it
        # again would close the test's database connection (request_finished).
        body = b"".join(download.streaming_content)  # type: ignore[attr-defined]
        assert download.status_code == 200
        assert body[:2] == b"\x1f\x8b"  # gzip
        assert SchoolEvent.objects.filter(
            school=school_b, action=SchoolEvent.Action.EXPORTED
        ).exists()
    finally:
        for export in exports:
            Path(getattr(export, "path", export)).unlink(missing_ok=True)


def test_detail_page_shows_status_checklist_and_history(
    console_as: ConsoleAs, in_node: School
) -> None:
    # given
    lifecycle.school_suspend(school=in_node, reason="Chưa nộp hồ sơ", actor=None)
    # when
    response = console_as("phuong.caugiay").get(f"/schools/{in_node.code}/")
    html = response.content.decode()
    # then
    assert response.status_code == 200
    assert "Chưa nộp hồ sơ" in html
    assert 'data-testid="checklist"' in html
    assert 'data-testid="events"' in html
    assert 'data-testid="action-resume"' in html


def test_detail_page_queries_do_not_grow_with_history(
    console_as: ConsoleAs, in_node: School, django_assert_num_queries: object
) -> None:
    # given: twenty events
    for _ in range(10):
        lifecycle.school_suspend(school=in_node, reason="Kiểm tra", actor=None)
        lifecycle.school_resume(school=in_node, actor=None)
    client = console_as("phuong.caugiay")
    client.get(f"/schools/{in_node.code}/")
    # when / then: search path, session user, TOTP, roles, nodes, school, provisioning,
    # conformance score, checklist, events (with their actors)
    with django_assert_num_queries(10):  # type: ignore[operator]
        response = client.get(f"/schools/{in_node.code}/")
    assert len(response.context["events"]) == 20


# ---------------------------------------------------------------------------------------------
# Outside the node: the school does not exist. The university team: read only.
# ---------------------------------------------------------------------------------------------


def test_operator_cannot_see_a_school_outside_their_node(
    console_as: ConsoleAs, out_of_node: School
) -> None:
    assert console_as("phuong.caugiay").get(f"/schools/{out_of_node.code}/").status_code == 404


@pytest.mark.parametrize("action", EVERY_ACTION)
def test_operator_cannot_act_on_a_school_outside_their_node(
    console_as: ConsoleAs, out_of_node: School, action: str
) -> None:
    # when
    response = console_as("phuong.caugiay").post(
        f"/schools/{out_of_node.code}/{action}/",
        {"reason": "x", "confirm_code": out_of_node.code},
    )
    # then
    out_of_node.refresh_from_db()
    assert response.status_code == 404
    assert out_of_node.status == School.Status.LIVE
    assert out_of_node.deletion_due_at is None
    assert not SchoolEvent.objects.filter(school=out_of_node).exists()


def test_operator_cannot_download_an_export_outside_their_node(
    console_as: ConsoleAs, school_b: School
) -> None:
    response = console_as("phuong.caugiay").get(f"/schools/{school_b.code}/exports/x.tar.gz")
    assert response.status_code == 404


@pytest.mark.parametrize("action", EVERY_ACTION)
def test_university_monitor_cannot_act_on_a_pilot_school(
    console_as: ConsoleAs, school_a: School, action: str
) -> None:
    response = console_as("dh.giamsat").post(
        f"/schools/{school_a.code}/{action}/", {"reason": "x", "confirm_code": school_a.code}
    )
    school_a.refresh_from_db()
    assert response.status_code == 403
    assert school_a.status == School.Status.LIVE


def test_university_monitor_reads_a_pilot_school_without_buttons(
    console_as: ConsoleAs, school_a: School
) -> None:
    response = console_as("dh.giamsat").get(f"/schools/{school_a.code}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="actions"' not in html
    assert "action-" not in html


@pytest.mark.parametrize("path", ["/schools/new/", "/schools/import/", "/schools/restore/"])
def test_university_monitor_cannot_open_the_provisioning_pages(
    console_as: ConsoleAs, path: str
) -> None:
    assert console_as("dh.giamsat").get(path).status_code == 403


def test_actions_answer_only_to_post(console_as: ConsoleAs, in_node: School) -> None:
    response = console_as("phuong.caugiay").get(f"/schools/{in_node.code}/suspend/")
    assert response.status_code == 405


def test_a_monitor_who_is_not_in_a_node_sees_no_other_school(
    console_as: ConsoleAs, school_b: School
) -> None:
    client: Client = console_as("dh.giamsat")
    assert client.get(f"/schools/{school_b.code}/").status_code == 404


@pytest.mark.slow
def test_restore_from_an_archive_makes_a_new_school(
    console_as: ConsoleAs,
    school_b: School,
    ward_caugiay: Authority,
    tmp_path: Path,
    django_capture_on_commit_callbacks: object,
) -> None:
    # given: an export of THCS Nghĩa Tân
    archive = lifecycle.school_export(school=school_b, actor=None, destination=tmp_path)
    client = console_as("phuong.caugiay")
    # when: the files are moved in place once the restore commits
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        response = client.post(
            "/schools/restore/",
            {
                "archive": SimpleUploadedFile(archive.name, archive.read_bytes()),
                "name": "THCS Nghĩa Tân (bản khôi phục)",
                "code": "01013599",
                "slug": "nghiatan-2",
                "authority": ward_caugiay.pk,
            },
        )
    shutil.rmtree(Path(settings.MEDIA_ROOT) / "school_nghiatan_2", ignore_errors=True)
    # then
    restored = School.objects.get(code="01013599")
    assert response.status_code == 302
    assert response["Location"] == "/schools/01013599/"
    assert restored.status == School.Status.ONBOARDING
    assert restored.authority == ward_caugiay
    assert SchoolEvent.objects.get(school=restored).action == SchoolEvent.Action.RESTORED


def test_restore_of_a_damaged_archive_says_why_and_makes_nothing(
    console_as: ConsoleAs, ward_caugiay: Authority
) -> None:
    response = console_as("phuong.caugiay").post(
        "/schools/restore/",
        {
            "archive": SimpleUploadedFile("hong.tar.gz", b"not an archive"),
            "name": "THCS Hỏng",
            "code": "01013598",
            "slug": "thcs-hong",
            "authority": ward_caugiay.pk,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not School.objects.filter(code="01013598").exists()
