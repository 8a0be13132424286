"""The operators' standards pages: read by every console user, changed by operators only;
the conformance scores only for the schools under the actor's nodes, counts only."""

import json

import pytest
from django.test import Client

from standards.models import ConformanceResult, StandardVersion
from tenants.models import School
from tests.console.conftest import ConsoleAs


def _result(school: School, score: str, failing: int = 3) -> ConformanceResult:
    from django.utils import timezone

    # The demo stored each school's score when it was seeded (as the nightly check would).
    return ConformanceResult.objects.update_or_create(
        school=school,
        defaults={
            "version": 1,
            "checked_at": timezone.now(),
            "records": 100,
            "failing": failing,
            "score": score,
            "per_rule_counts": {"pupil.national_id.pattern": failing},
        },
    )[0]


def test_operator_drafts_edits_and_publishes_from_the_pages(console_as: ConsoleAs) -> None:
    client = console_as("so.hanoi")
    # when: a draft is started
    response = client.post("/standards/new/")
    assert response.status_code == 302
    assert response["Location"] == "/standards/2/edit/"
    # when: invalid JSON, then valid JSON with a problem, then a good change
    page = client.post("/standards/2/edit/", {"content": "{", "notes": ""})
    # (the console speaks Vietnamese by default)
    assert "Đây không phải JSON hợp lệ: dòng 1, cột 2" in page.content.decode()
    content = StandardVersion.objects.get(number=2).content
    content["grading"]["max_class_size"] = "many"
    # (the validator's messages are in the operator's language: this one in English)
    page = client.post(
        "/standards/2/edit/",
        {"content": json.dumps(content), "notes": ""},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert (
        "grading.max_class_size: must be a whole number between 1 and 365" in page.content.decode()
    )
    content["grading"]["max_class_size"] = 40
    response = client.post(
        "/standards/2/edit/", {"content": json.dumps(content), "notes": "Sĩ số 40"}
    )
    assert response.status_code == 302
    # then: the detail page shows the change from version 1
    html = client.get("/standards/2/").content.decode()
    assert "max_class_size: 45 → 40" in html
    # when the draft is published
    client.post("/standards/2/publish/")
    version = StandardVersion.objects.get(number=2)
    assert version.is_published
    # then: the edit page refuses
    response = client.get("/standards/2/edit/")
    assert response.status_code == 302
    assert StandardVersion.objects.get(number=2).content["grading"]["max_class_size"] == 40


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/standards/new/"),
        ("get", "/standards/1/edit/"),
        ("post", "/standards/1/publish/"),
        ("post", "/standards/conformance/check/"),
    ],
)
def test_the_university_monitor_reads_but_changes_nothing(
    console_as: ConsoleAs, method: str, path: str
) -> None:
    client = console_as("dh.giamsat")
    assert client.get("/standards/").status_code == 200
    assert client.get("/standards/1/").status_code == 200
    assert getattr(client, method)(path).status_code == 403
    assert StandardVersion.objects.count() == 1


def test_pages_need_a_console_user(db: None) -> None:
    response = Client(HTTP_HOST="localhost").get("/standards/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_conformance_shows_only_the_schools_under_the_node_with_counts(
    console_as: ConsoleAs, school_a: School, school_b: School
) -> None:
    # given: scores for both demo schools; phuong.caugiay's node holds only THCS Cầu Giấy
    _result(school_a, "97.5")
    _result(school_b, "88.0")
    client = console_as("phuong.caugiay")
    # when
    html = client.get("/standards/conformance/").content.decode()
    # then (numbers in the page's language: Vietnamese by default)
    assert "97,5 %" in html
    assert school_a.name in html
    assert school_b.name not in html
    assert "88,0" not in html
    # and the school's console page shows its score; the other school does not exist here
    assert "97,5 %" in client.get(f"/schools/{school_a.code}/").content.decode()
    assert client.get(f"/schools/{school_b.code}/").status_code == 404


def test_the_province_operator_sees_both_schools_and_the_average(
    console_as: ConsoleAs, school_a: School, school_b: School
) -> None:
    _result(school_a, "97.5")
    _result(school_b, "88.0")
    html = console_as("so.hanoi").get("/standards/conformance/").content.decode()
    assert "97,5 %" in html
    assert "88,0 %" in html
    assert "điểm tuân thủ trung bình 92,8 %" in html


def test_check_now_sends_one_task_per_ready_school_of_the_node(
    console_as: ConsoleAs, school_a: School, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent: list[tuple[str, dict[str, int]]] = []
    monkeypatch.setattr(
        "standards.views.current_app.send_task",
        lambda name, kwargs: sent.append((name, kwargs)),
    )
    response = console_as("phuong.caugiay").post("/standards/conformance/check/")
    assert response.status_code == 302
    assert sent == [
        ("onboarding.standards_adoption.conformance_check_task", {"school_id": school_a.pk})
    ]


def test_query_counts_do_not_grow_with_versions_or_schools(
    console_as: ConsoleAs,
    school_a: School,
    school_b: School,
    django_assert_num_queries: object,
) -> None:
    # given: a second version and two scores
    from tests.standards.helpers import version_publish_with

    version_publish_with(lambda c: c["grading"].update(max_class_size=40))
    _result(school_a, "97.5")
    _result(school_b, "88.0")
    client = console_as("so.hanoi")
    client.get("/standards/")
    # then: search path, session user, TOTP, roles, nodes, then the versions (with their
    # authors) / the schools with their results and authorities
    with django_assert_num_queries(6):  # type: ignore[operator]
        assert client.get("/standards/").status_code == 200
    with django_assert_num_queries(6):  # type: ignore[operator]
        assert client.get("/standards/conformance/").status_code == 200
    # the detail page: the version, the one before it
    with django_assert_num_queries(7):  # type: ignore[operator]
        assert client.get("/standards/2/").status_code == 200
