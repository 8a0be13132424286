"""Every dashboard of the demo works in headless Chromium (issue 6's "done when"): the
department's operator, the university team and a school's staff open each of their pages from
the navigation, against gunicorn with the production settings and the demo as `up` seeds it
(the department, two wards, THCS Cầu Giấy, THCS Nghĩa Tân and the generated schools).

"Works" means: the page answers 200, runs no script that throws, loads every file it asks for
from its own host, and shows its figures (the checks per page below).
"""

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from allauth.mfa.models import Authenticator
from django_tenants.utils import schema_context

from accounts.models import User
from core_school.demo_data import DEMO_PASSWORD
from onboarding import demo
from onboarding.demo import DEMO_SCHOOLS, GENERATED_SCHOOLS, generated_schools
from tenants.models import School
from tests.console.conftest import totp_activate, totp_code

pytestmark = [pytest.mark.slow, pytest.mark.browser]

SCREENSHOTS = Path(__file__).resolve().parents[2] / ".data" / "screenshots"
DEPARTMENT = "so.hanoi"
MONITOR = "dh.giamsat"


@pytest.fixture(scope="module")
def generated(django_db_setup: None, django_db_blocker: object) -> Iterator[list[School]]:
    """The demo's generated schools, as `up` seeds them (the session's demo has the two named
    schools only: other tests count on two); dropped, with their schemas, afterwards."""
    with django_db_blocker.unblock(), schema_context("public"):  # type: ignore[attr-defined]
        _drop_generated()
        schools = demo.generated_seed(count=GENERATED_SCHOOLS)
        yield schools
        _drop_generated()


def _drop_generated() -> None:
    slugs = [school.slug for school in generated_schools(GENERATED_SCHOOLS)]
    for school in School.objects.filter(slug__in=slugs):
        school.delete(force_drop=True)


@pytest.fixture(scope="module")
def secrets(generated: list[School], django_db_blocker: object) -> Iterator[dict[str, str]]:
    """TOTP authenticators for the department's operator and the university team (committed:
    the web server reads them), removed afterwards."""
    with django_db_blocker.unblock(), schema_context("public"):  # type: ignore[attr-defined]
        users = list(User.objects.filter(username__in=[DEPARTMENT, MONITOR]))
        Authenticator.objects.filter(user__in=users).delete()
        yield {user.username: totp_activate(user) for user in users}
        Authenticator.objects.filter(user__in=users).delete()


@pytest.fixture
def desk(browser: object) -> Iterator[object]:
    """A desktop-sized page that records script errors and failed requests."""
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    page.problems = []  # type: ignore[attr-defined]
    page.on("pageerror", lambda error: page.problems.append(f"script error: {error}"))  # type: ignore[attr-defined]

    def _response(response: object) -> None:
        if response.status >= 400:  # type: ignore[attr-defined]
            page.problems.append(f"{response.status} {response.url}")  # type: ignore[attr-defined]

    page.on("response", _response)
    yield page
    context.close()


# Operators' session cookies, kept across this module's tests: a TOTP code is accepted once
# (allauth refuses it again within its window), so each operator signs in only once.
_cookies: dict[str, list[dict]] = {}


def _sign_in(page: object, base: str, username: str, secret: str | None = None) -> None:
    if username in _cookies:
        page.context.add_cookies(_cookies[username])  # type: ignore[attr-defined]
        page.goto(f"{base}/")  # type: ignore[attr-defined]
        page.wait_for_selector("[data-testid=signed-in-as]")  # type: ignore[attr-defined]
        return
    page.goto(f"{base}/accounts/login/")  # type: ignore[attr-defined]
    page.fill("#id_login", username)  # type: ignore[attr-defined]
    page.fill("#id_password", DEMO_PASSWORD)  # type: ignore[attr-defined]
    page.click("form[data-testid=login-form] button[type=submit]")  # type: ignore[attr-defined]
    if secret is not None:
        page.wait_for_url("**/accounts/2fa/authenticate/**")  # type: ignore[attr-defined]
        page.fill("input[name=code]", totp_code(secret))  # type: ignore[attr-defined]
        page.press("input[name=code]", "Enter")  # type: ignore[attr-defined]
    page.wait_for_selector("[data-testid=signed-in-as]")  # type: ignore[attr-defined]
    if secret is not None:
        _cookies[username] = page.context.cookies()  # type: ignore[attr-defined]


def _open(page: object, url: str) -> str:
    """Open `url` and check it works; the page's text. A screenshot of it lands in
    .data/screenshots/ (dashboards-<host>-<path>.png) for a person to look at."""
    response = page.goto(url)  # type: ignore[attr-defined]
    page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    parts = urlsplit(url)
    name = f"{parts.hostname.split('.')[0]}-{parts.path.strip('/').replace('/', '-') or 'home'}"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"dashboards-{name}.png"), full_page=True)  # type: ignore[attr-defined]
    assert response.status == 200, f"{url}: {response.status}"
    assert page.problems == [], f"{url}: {page.problems}"  # type: ignore[attr-defined]
    return page.text_content("main") or page.text_content("body")  # type: ignore[attr-defined]


def _nav_links(page: object, base: str) -> list[str]:
    hrefs = page.eval_on_selector_all(  # type: ignore[attr-defined]
        "[data-testid=console-nav] a", "links => links.map(a => a.getAttribute('href'))"
    )
    return [f"{base}{href}" for href in hrefs if href.startswith("/")]


def _demo_names(*, pilot_only: bool = False) -> set[str]:
    """The names of the demo's schools (as `up` seeds them), or of its pilot schools."""
    schools = [*DEMO_SCHOOLS, *generated_schools(GENERATED_SCHOOLS)]
    return {school.name for school in schools if school.is_pilot or not pilot_only}


def test_every_console_page_of_the_department_works(
    web_server: str, secrets: dict[str, str], desk: object
) -> None:
    page = desk
    base = f"http://{web_server}"
    _sign_in(page, base, DEPARTMENT, secrets[DEPARTMENT])
    names = _demo_names()
    # when: every page of the navigation
    links = _nav_links(page, base)
    texts = {urlsplit(link).path: _open(page, link) for link in links}
    # then: the schools, the reports and the pilot pages are there, and show every demo school
    assert {"/schools/", "/reports/", "/pilot/", "/standards/", "/billing/"} <= set(texts)
    assert len(names) == 2 + GENERATED_SCHOOLS
    for name in names:
        assert name in texts["/schools/"], name
    report = page.goto(f"{base}/reports/")  # type: ignore[attr-defined]
    assert report.status == 200
    table = page.text_content("[data-testid=school-figures]")  # type: ignore[attr-defined]
    for name in names:
        assert name in table, f"{name} has no figures on /reports/"
    assert page.locator("svg").count() > 0  # type: ignore[attr-defined]


def test_filters_and_exports_of_the_reports_work(
    web_server: str, secrets: dict[str, str], desk: object
) -> None:
    page = desk
    base = f"http://{web_server}"
    _sign_in(page, base, DEPARTMENT, secrets[DEPARTMENT])
    _open(page, f"{base}/reports/")
    # when: grade 6 only, then the CSV of what is shown
    page.select_option("[data-testid=report-filters] select[name=grade]", "6")  # type: ignore[attr-defined]
    page.click("[data-testid=report-filters] button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    with page.expect_download() as download_info:  # type: ignore[attr-defined]
        page.click("[data-testid=export-csv]")  # type: ignore[attr-defined]
    csv = Path(download_info.value.path()).read_text(encoding="utf-8-sig")
    # then
    assert "grade=6" in page.url  # type: ignore[attr-defined]
    assert page.problems == []  # type: ignore[attr-defined]
    assert "THCS Cầu Giấy" in csv


def test_the_university_team_reads_the_pilot_schools_only(
    web_server: str, secrets: dict[str, str], desk: object
) -> None:
    page = desk
    base = f"http://{web_server}"
    _sign_in(page, base, MONITOR, secrets[MONITOR])
    links = _nav_links(page, base)
    texts = {urlsplit(link).path: _open(page, link) for link in links}
    pilot = texts["/pilot/"]
    # then: every pilot school on the pilot board; the reports show no school outside the pilot
    for name in _demo_names(pilot_only=True):
        assert name in pilot, name
    page.goto(f"{base}/reports/")  # type: ignore[attr-defined]
    table = page.text_content("[data-testid=school-figures]")  # type: ignore[attr-defined]
    assert "THCS Cầu Giấy" in table
    assert "THCS Nghĩa Tân" not in table


@pytest.mark.parametrize(
    ("username", "paths"),
    [
        (
            "hieutruong",
            ["/", "/dashboard/", "/standard/", "/standard/quality/", "/early-warnings/"],
        ),
        ("gvcn", ["/", "/early-warnings/"]),
    ],
)
def test_the_schools_dashboards_work(
    web_server: str, desk: object, username: str, paths: list[str]
) -> None:
    page = desk
    base = f"http://caugiay.{web_server}"
    _sign_in(page, base, username)
    for path in paths:
        text = _open(page, f"{base}{path}")
        assert "THCS Cầu Giấy" in (page.text_content("body") or ""), path  # type: ignore[attr-defined]
        assert text.strip(), path


def test_the_pages_behind_the_navigation_and_the_evaluation_report_work(
    web_server: str, secrets: dict[str, str], desk: object
) -> None:
    page = desk
    base = f"http://{web_server}"
    _sign_in(page, base, DEPARTMENT, secrets[DEPARTMENT])
    # when: the conformance of the schools, a pilot school's page, a school's console page
    conformance = _open(page, f"{base}/standards/conformance/")
    school = _open(page, f"{base}/pilot/caugiay/")
    console = _open(page, f"{base}/schools/01013501/")
    _open(page, f"{base}/pilot/")
    # the report opens in the browser's PDF viewer: fetched with the page's session instead
    href = page.get_attribute("[data-testid=report-pdf]", "href")  # type: ignore[attr-defined]
    answer = page.request.get(f"{base}{href}")  # type: ignore[attr-defined]
    pdf = answer.body()
    # then: every school has a data-quality score; the pilot school's weeks; the PDF
    for name in _demo_names():
        assert name in conformance, name
    assert "THCS Cầu Giấy" in school
    assert page.problems == []  # type: ignore[attr-defined]
    assert "THCS Cầu Giấy" in console
    assert answer.status == 200
    assert answer.headers["content-type"] == "application/pdf"
    assert pdf.startswith(b"%PDF-")
    assert len(pdf) > 10_000
