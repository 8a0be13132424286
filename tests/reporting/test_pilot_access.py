"""Who sees what on the pilot pages, and how a school joins a cohort: the monitor reads every
pilot school and the comparison cohort (not its schools one by one), an operator the pilot and
comparison schools under their node, nobody a school in neither cohort."""

import pytest
from django.db import IntegrityError, transaction
from django.test import Client

from accounts.models import User
from console import services as console_services
from tenants import lifecycle
from tenants.models import Cohort, School, SchoolEvent
from tests.console.conftest import ROOT_HOST, ConsoleAs, totp_activate
from tests.isolation.url_catalogue import catalogue
from tests.reporting.pilot_data import PERIOD, Planted


def _keys(units: list) -> set[str]:  # type: ignore[type-arg]
    return {unit.key for unit in units}


def _evaluated(**filters: object) -> set[str]:
    return set(
        School.objects.filter(**filters)
        .exclude(schema_name__in=["public", "template"])
        .values_list("slug", flat=True)
    )


def test_monitor_sees_every_pilot_school_and_the_comparison_cohort_only(
    planted: Planted, console_as: ConsoleAs
) -> None:
    # when
    response = console_as("dh.giamsat").get(f"/pilot/?{PERIOD}")
    # then
    assert response.status_code == 200
    board = response.context["board"]
    assert _keys(board.pilot) == _evaluated(is_pilot=True)
    assert board.comparison == []  # the comparison schools count in their cohort only
    comparison = board.cohorts[1]
    assert comparison.cohort == Cohort.COMPARISON
    assert {planted.comparison_here.name, planted.comparison_there.name} <= set(comparison.members)
    html = response.content.decode()
    assert planted.pilot_there.name in html
    assert planted.comparison_here.name not in html
    assert planted.outside.name not in html
    assert planted.outside.name not in {m for c in board.cohorts for m in c.members}


@pytest.mark.parametrize(
    ("slug_of", "status"),
    [("pilot_there", 200), ("comparison_here", 404), ("outside", 404)],
)
def test_monitor_school_pages_are_the_pilot_schools_only(
    planted: Planted, console_as: ConsoleAs, slug_of: str, status: int
) -> None:
    school = getattr(planted, slug_of)
    client = console_as("dh.giamsat")
    # then
    assert client.get(f"/pilot/{school.slug}/?{PERIOD}").status_code == status
    assert client.get(f"/pilot/{school.slug}/export.csv?{PERIOD}").status_code == status


def test_operator_sees_the_evaluated_schools_under_their_node(
    planted: Planted, console_as: ConsoleAs
) -> None:
    # when
    client = console_as("phuong.caugiay")
    board = client.get(f"/pilot/?{PERIOD}").context["board"]
    # then: schools one by one and both cohorts, all under Phường Cầu Giấy
    ward = {"authority__path__startswith": "01/00167/"}
    assert _keys(board.pilot) == _evaluated(is_pilot=True, **ward)
    assert _keys(board.comparison) == _evaluated(is_comparison=True, **ward)
    assert planted.comparison_here.slug in _keys(board.comparison)
    members = {m for c in board.cohorts for m in c.members}
    assert planted.pilot_there.name not in members
    assert planted.comparison_there.name not in members
    assert client.get(f"/pilot/{planted.pilot_there.slug}/").status_code == 404
    assert client.get(f"/pilot/{planted.outside.slug}/").status_code == 404
    assert client.get(f"/pilot/{planted.comparison_here.slug}/").status_code == 200
    assert planted.pilot_there.name not in client.get(f"/pilot/export.csv?{PERIOD}").content.decode(
        "utf-8-sig"
    )


def test_province_operator_sees_every_evaluated_school(
    planted: Planted, console_as: ConsoleAs
) -> None:
    board = console_as("so.hanoi").get(f"/pilot/?{PERIOD}").context["board"]
    assert _keys(board.pilot) == _evaluated(is_pilot=True)
    assert _keys(board.comparison) == _evaluated(is_comparison=True)


@pytest.mark.parametrize("path", ["/pilot/", "/pilot/export.csv", "/pilot/report.pdf"])
def test_anonymous_is_sent_to_sign_in(db: None, path: str) -> None:
    response = Client(HTTP_HOST=ROOT_HOST).get(path)
    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.parametrize("path", ["/pilot/", "/pilot/caugiay/", "/pilot/report.pdf"])
def test_school_hosts_do_not_serve_the_pilot_pages(client_a: Client, path: str) -> None:
    assert client_a.get(path).status_code == 404


def test_console_navigation_links_the_pilot(db: None, console_as: ConsoleAs) -> None:
    html = console_as("dh.giamsat").get("/reports/").content.decode()
    assert 'data-testid="nav-pilot"' in html
    assert 'href="/pilot/"' in html


def test_operator_sets_the_cohort_on_the_school_page_and_it_is_logged(
    planted: Planted, console_as: ConsoleAs
) -> None:
    school = planted.outside
    client = console_as("phuong.caugiay")
    assert 'data-testid="action-cohort"' in client.get(f"/schools/{school.code}/").content.decode()
    # when
    response = client.post(f"/schools/{school.code}/cohort/", {"cohort": "comparison"})
    # then
    assert response.status_code == 302
    school.refresh_from_db()
    assert (school.is_pilot, school.is_comparison) == (False, True)
    event = SchoolEvent.objects.get(school=school, action=SchoolEvent.Action.COHORT_CHANGED)
    assert event.detail == {"from": "", "to": "comparison"}
    assert event.actor == User.objects.get(username="phuong.caugiay")
    # and into the pilot: never both
    client.post(f"/schools/{school.code}/cohort/", {"cohort": "pilot"})
    school.refresh_from_db()
    assert (school.is_pilot, school.is_comparison) == (True, False)


def test_an_unknown_cohort_changes_nothing(planted: Planted, console_as: ConsoleAs) -> None:
    school = planted.comparison_here
    console_as("phuong.caugiay").post(f"/schools/{school.code}/cohort/", {"cohort": "both"})
    school.refresh_from_db()
    assert school.cohort == Cohort.COMPARISON
    assert not SchoolEvent.objects.filter(school=school).exists()


def test_setting_the_same_cohort_logs_nothing(planted: Planted) -> None:
    lifecycle.school_cohort_set(school=planted.pilot_here, cohort="pilot", actor=None)
    assert not SchoolEvent.objects.filter(school=planted.pilot_here).exists()


@pytest.mark.parametrize(("username", "status"), [("dh.giamsat", 403), ("phuong.caugiay", 404)])
def test_only_operators_of_the_node_set_the_cohort(
    planted: Planted, console_as: ConsoleAs, username: str, status: int
) -> None:
    school = planted.pilot_there  # under Phường Nghĩa Đô
    response = console_as(username).post(f"/schools/{school.code}/cohort/", {"cohort": ""})
    assert response.status_code == status
    school.refresh_from_db()
    assert school.is_pilot


def test_operator_api_sets_the_cohort(planted: Planted) -> None:
    user = User.objects.get(username="so.hanoi")
    totp_activate(user)
    client = Client(
        HTTP_HOST=ROOT_HOST,
        HTTP_AUTHORIZATION=f"Token {console_services.operator_token_issue(user=user).key}",
    )
    # when
    response = client.post(
        f"/api/v1/schools/{planted.pilot_there.code}/cohort/",
        {"cohort": "comparison"},
        content_type="application/json",
    )
    # then
    assert response.status_code == 200, response.content
    assert response.json()["cohort"] == "comparison"
    assert response.json()["is_pilot"] is False
    assert SchoolEvent.objects.filter(
        school=planted.pilot_there, action=SchoolEvent.Action.COHORT_CHANGED
    ).exists()


def test_a_school_cannot_be_in_both_cohorts(planted: Planted) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        School.objects.filter(pk=planted.pilot_here.pk).update(is_comparison=True)


def test_the_pilot_urls_are_in_the_isolation_catalogue() -> None:
    public = {url.path for url in catalogue("config.urls_public")[0]}
    school = {url.path for url in catalogue("config.urls_tenant")[0]}
    pilot = {"/pilot/", "/pilot/export.csv", "/pilot/report.pdf", "/pilot/abc/"}
    assert pilot | {"/pilot/abc/export.csv", "/schools/1/cohort/"} <= public
    assert not pilot & school
