"""A teacher enters marks from the keyboard, publishes them; the principal closes the term; the
teacher asks for a correction and the principal approves it — in headless Chromium.

Runs on its own small school (created from the template like any school), so that closing a
term does not touch the demo schools the other tests read.
"""

import datetime
from collections.abc import Iterator

import pytest
from django.db import connection
from django_tenants.utils import schema_context, tenant_context

from accounts.models import User
from accounts.roles import Role
from core_school.academics.models import (
    Enrolment,
    SchoolClass,
    SchoolYear,
    Subject,
    TeachingAssignment,
    Term,
)
from core_school.assessment.models import Mark, MarkSheet
from core_school.people.models import Pupil, StaffMember
from tenants import services as tenant_services
from tenants.models import School

pytestmark = [pytest.mark.slow, pytest.mark.browser]
PASSWORD = "Gradebook@2026"
PUPILS = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Minh Châu"]


@pytest.fixture(scope="module")
def tiny_school(django_db_setup: None, django_db_blocker: object) -> Iterator[School]:
    """One class of three pupils and one subject (GDCD: 2 regular marks), term 1 open."""
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        _drop_tiny_school()
        with schema_context("public"):
            school = tenant_services.school_create(
                name="THCS Sổ Điểm", code="99990099", slug="sobaidiem", authority=None
            )
        with tenant_context(school):
            year = SchoolYear.objects.create(
                name="2026-2027",
                starts_on=datetime.date(2026, 9, 5),
                ends_on=datetime.date(2027, 5, 31),
                is_current=True,
            )
            term = Term.objects.create(
                school_year=year,
                number=1,
                starts_on=year.starts_on,
                ends_on=datetime.date(2027, 1, 15),
            )
            Term.objects.create(
                school_year=year,
                number=2,
                starts_on=datetime.date(2027, 1, 19),
                ends_on=year.ends_on,
            )
            people = {}
            for username, position, role in [
                ("giaovien", StaffMember.Position.TEACHER, Role.SUBJECT_TEACHER),
                ("hieutruong", StaffMember.Position.PRINCIPAL, Role.PRINCIPAL),
            ]:
                user = User.objects.create_user(
                    username=username, password=PASSWORD, full_name=f"Cô {username}"
                )
                user.groups.add(user.groups.model.objects.get(name=role))
                people[username] = StaffMember.objects.create(
                    staff_code=username.upper(),
                    full_name=f"Cô {username}",
                    sex="F",
                    position=position,
                    user=user,
                )
            school_class = SchoolClass.objects.create(school_year=year, grade=6, name="6A")
            subject = Subject.objects.get(code="GDCD")
            TeachingAssignment.objects.create(
                teacher=people["giaovien"], school_class=school_class, subject=subject
            )
            for number, name in enumerate(PUPILS, start=1):
                pupil = Pupil.objects.create(
                    national_id=f"99{number:08d}",
                    full_name=name,
                    birth_date=datetime.date(2015, 1, number),
                    sex="M",
                )
                Enrolment.objects.create(
                    pupil=pupil, school_class=school_class, starts_on=year.starts_on
                )
            MarkSheet.objects.create(school_class=school_class, subject=subject, term=term)
        connection.set_schema_to_public()
    yield school
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        _drop_tiny_school()


def _drop_tiny_school() -> None:
    with schema_context("public"):
        School.objects.filter(slug="sobaidiem").delete()
        connection.cursor().execute("DROP SCHEMA IF EXISTS school_sobaidiem CASCADE")


def _sign_in(page: object, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/logout/")  # type: ignore[attr-defined]
    if page.locator("form button[type=submit]").count():  # type: ignore[attr-defined]
        page.click("main form button[type=submit]")  # type: ignore[attr-defined]
    page.goto(f"{base}/accounts/login/")  # type: ignore[attr-defined]
    page.fill("#id_login", username)  # type: ignore[attr-defined]
    page.fill("#id_password", PASSWORD)  # type: ignore[attr-defined]
    page.click("form[data-testid=login-form] button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_selector("[data-testid=signed-in-as]")  # type: ignore[attr-defined]


def test_marks_from_the_keyboard_publish_close_and_correct(
    web_server: str, page: object, tiny_school: School, django_db_blocker: object
) -> None:
    base = f"http://sobaidiem.{web_server}"
    with django_db_blocker.unblock(), tenant_context(tiny_school):  # type: ignore[attr-defined]
        sheet_id = MarkSheet.objects.get().pk
    # when: the teacher types every cell from the keyboard — Enter goes down, Tab right
    _sign_in(page, base, "giaovien")
    page.goto(f"{base}/marks/{sheet_id}/")  # type: ignore[attr-defined]
    page.click("input.cell >> nth=0")  # type: ignore[attr-defined]
    rows = [["8", "7,5", "9", "8"], ["6", "abc", "7", "6,5"], ["10", "9", "8.5", "9"]]
    for values in rows:
        for value in values:
            page.keyboard.type(value)  # type: ignore[attr-defined]
            page.keyboard.press("Tab")  # type: ignore[attr-defined]
        page.keyboard.press("Tab")  # type: ignore[attr-defined]  # the history link
    page.wait_for_selector("input.invalid")  # type: ignore[attr-defined]
    # A handle on that very cell: a locator would be looked up again at each step, and the
    # cell stops being "invalid" as soon as "7" is typed into it.
    bad = page.query_selector("input.invalid")  # type: ignore[attr-defined]
    status = bad.get_attribute("title")
    bad.fill("7")
    bad.press("Enter")
    page.wait_for_function(  # type: ignore[attr-defined]
        "document.querySelectorAll('td.result').length === 3 && "
        "[...document.querySelectorAll('td.result')].every(td => td.textContent.trim() !== '')"
    )
    results = page.locator("td.result").all_text_contents()  # type: ignore[attr-defined]
    page.click("[data-testid=publish]")  # type: ignore[attr-defined]
    published = page.text_content("[data-testid=save-status]")  # type: ignore[attr-defined]
    # then: the message named the pupil and the column, and the averages are live
    assert "Trần Thị Bình" in status
    assert "abc" in status
    assert results == ["8.2", "6.6", "9.0"]  # (15.5 + 2×9 + 3×8) / 7 = 8.21…, …
    assert "2026" in published or "/" in published

    # when: the principal closes the term
    _sign_in(page, base, "hieutruong")
    page.goto(f"{base}/marks/terms/")  # type: ignore[attr-defined]
    page.click("[data-testid^=close-term] >> nth=0")  # type: ignore[attr-defined]
    # and the teacher asks for a correction, which the principal approves
    _sign_in(page, base, "giaovien")
    page.goto(f"{base}/marks/{sheet_id}/")  # type: ignore[attr-defined]
    readonly = page.locator("input.cell[readonly]").count()  # type: ignore[attr-defined]
    form = page.locator("[data-testid=correction-form]")  # type: ignore[attr-defined]
    form.locator("select[name=column]").select_option("ck")
    form.locator("input[name=new_value]").fill("9,5")
    form.locator("input[name=reason]").fill("Chấm phúc khảo")
    form.locator("button[type=submit]").click()
    pending = page.text_content("[data-testid=pending-corrections]")  # type: ignore[attr-defined]
    _sign_in(page, base, "hieutruong")
    page.goto(f"{base}/marks/corrections/")  # type: ignore[attr-defined]
    page.click("[data-testid=corrections] button[value=approve]")  # type: ignore[attr-defined]
    decided = page.text_content("[data-testid=corrections]")  # type: ignore[attr-defined]
    # then
    assert readonly == 12
    assert "Chấm phúc khảo" in pending
    assert "Đã duyệt" in decided or "Approved" in decided
    with django_db_blocker.unblock(), tenant_context(tiny_school):  # type: ignore[attr-defined]
        assert Term.objects.get(number=1).is_closed
        corrected = Mark.objects.get(kind="ck", pupil__full_name="Nguyễn Văn An")
        assert str(corrected.score) == "9.5"
