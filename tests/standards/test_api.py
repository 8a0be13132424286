"""The standards in the operator API: read by every console user, changed by operators."""

import pytest
from django.test import Client

from standards.models import StandardVersion
from tests.console.conftest import ConsoleAs


@pytest.fixture
def operator_client(console_as: ConsoleAs) -> Client:
    return console_as("so.hanoi")


def test_list_and_retrieve(operator_client: Client) -> None:
    listed = operator_client.get("/api/v1/standards/").json()["results"]
    assert [v["number"] for v in listed] == [1]
    assert "content" not in listed[0]
    one = operator_client.get("/api/v1/standards/1/").json()
    assert one["status"] == "published"
    assert one["content"]["grading"]["adjustment_mode"] == "removal"
    assert operator_client.get("/api/v1/standards/9/").status_code == 404


def test_draft_update_and_publish(operator_client: Client) -> None:
    # when: a draft
    created = operator_client.post("/api/v1/standards/", {"notes": "v2"}, "application/json")
    assert created.status_code == 201
    content = created.json()["content"]
    # when: a bad change, then a good one
    content["conduct_codes"][0]["code"] = "tốt!"
    bad = operator_client.patch("/api/v1/standards/2/", {"content": content}, "application/json")
    assert bad.status_code == 400
    # the path as it is, the why in the caller's language (Vietnamese by default)
    assert bad.json()["extra"]["fields"]["content"] == [
        "conduct_codes[0].code: phải gồm 1 đến 16 chữ cái, chữ số hoặc dấu _"
    ]
    content["conduct_codes"][0]["code"] = "tot"
    content["early_warning_rules"][0]["days"] = 21
    good = operator_client.patch("/api/v1/standards/2/", {"content": content}, "application/json")
    assert good.status_code == 200
    # when the draft is published
    published = operator_client.post("/api/v1/standards/2/publish/")
    assert published.status_code == 200
    assert published.json()["status"] == "published"
    # then: it can no longer change
    again = operator_client.patch("/api/v1/standards/2/", {"content": content}, "application/json")
    assert again.status_code == 400
    assert StandardVersion.objects.get(number=2).content["early_warning_rules"][0] == {
        "code": "absences_14d",
        "unexcused_absences": 3,
        "days": 21,
    }


def test_the_monitor_reads_but_may_not_change(console_as: ConsoleAs) -> None:
    client = console_as("dh.giamsat")
    assert client.get("/api/v1/standards/1/").status_code == 200
    assert client.post("/api/v1/standards/", {}, "application/json").status_code == 403
    assert client.post("/api/v1/standards/1/publish/").status_code == 403
    assert StandardVersion.objects.count() == 1


def test_the_api_needs_an_operator(db: None) -> None:
    assert Client(HTTP_HOST="localhost").get("/api/v1/standards/").status_code in {401, 403}
