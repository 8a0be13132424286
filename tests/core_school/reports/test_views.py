"""Report pages and downloads: who gets what, the response headers, the query counts."""

import re
from urllib.parse import quote

import pytest
from django.test import Client

from core_school.academics.models import SchoolClass, SchoolYear, TeachingAssignment, Term
from core_school.people.models import Pupil
from tenants.models import School
from tests.core_school.reports.conftest import signed_in, username_of_teacher_outside

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _card_url(pupil: Pupil, school_year: SchoolYear) -> str:
    return f"/reports/pupils/{pupil.pk}/report-card/{school_year.pk}.pdf"


def _summary_url(school_class: SchoolClass, term: Term | None = None) -> str:
    query = f"?term={term.pk}" if term else ""
    return f"/reports/classes/{school_class.pk}/summary.xlsx{query}"


def _subject_teacher_of(school_class: SchoolClass) -> str:
    """A teacher of the class who is not its homeroom teacher."""
    assignment = (
        TeachingAssignment.objects.filter(school_class=school_class)
        .exclude(teacher=school_class.homeroom_teacher)
        .exclude(teacher__homeroom_classes=school_class)
        .select_related("teacher__user")
        .order_by("pk")
        .first()
    )
    return assignment.teacher.user.username  # type: ignore[union-attr]


def test_principal_opens_a_report_card_pdf_named_after_the_pupil(
    school_a: School, client_a: Client, child: Pupil, last_year: SchoolYear
) -> None:
    # given
    signed_in(client_a, school_a, "hieutruong")
    # when
    response = client_a.get(_card_url(child, last_year))
    # then
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline; filename=")
    assert f"filename*=UTF-8''{quote('Phiếu báo kết quả - ' + child.full_name)}" in disposition
    assert disposition.isascii()
    assert response["Cache-Control"] == "private, no-store"


def test_guardian_opens_their_childs_report_card(
    school_a: School, client_a: Client, child: Pupil, last_year: SchoolYear
) -> None:
    signed_in(client_a, school_a, "phuhuynh")
    assert client_a.get(_card_url(child, last_year)).status_code == 200


def test_guardian_of_another_child_gets_404(
    school_a: School, client_a: Client, child_class: SchoolClass, child: Pupil
) -> None:
    # given: a classmate of the guardian's child
    classmate = child_class.enrolments.exclude(pupil=child).first().pupil  # type: ignore[union-attr]
    signed_in(client_a, school_a, "phuhuynh")
    # when
    response = client_a.get(_card_url(classmate, child_class.school_year))
    # then
    assert response.status_code == 404


def test_pupil_opens_only_their_own_report_card(
    school_a: School, client_a: Client, in_school_a: School, current_year: SchoolYear
) -> None:
    # given
    own = Pupil.objects.get(user__username="hocsinh")
    other = Pupil.objects.exclude(pk=own.pk).filter(
        enrolments__school_class__school_year=current_year
    )[0]
    signed_in(client_a, school_a, "hocsinh")
    # then
    assert client_a.get(_card_url(own, current_year)).status_code == 200
    assert client_a.get(_card_url(other, current_year)).status_code == 404


def test_teacher_of_another_class_gets_404_for_report_cards_and_summaries(
    school_a: School, client_a: Client, child: Pupil, child_class: SchoolClass
) -> None:
    signed_in(client_a, school_a, username_of_teacher_outside(child_class))
    assert client_a.get(_card_url(child, child_class.school_year)).status_code == 404
    assert client_a.get(_summary_url(child_class)).status_code == 404
    assert client_a.get(f"/reports/classes/{child_class.pk}/").status_code == 404


def test_subject_teacher_of_the_class_opens_report_cards_but_not_the_summary(
    school_a: School, client_a: Client, child: Pupil, child_class: SchoolClass
) -> None:
    signed_in(client_a, school_a, _subject_teacher_of(child_class))
    assert client_a.get(_card_url(child, child_class.school_year)).status_code == 200
    assert client_a.get(_summary_url(child_class)).status_code == 404


def test_homeroom_teacher_downloads_the_summary_of_her_class(
    school_a: School, client_a: Client, child_class: SchoolClass
) -> None:
    # given
    signed_in(client_a, school_a, child_class.homeroom_teacher.user.username)  # type: ignore[union-attr]
    # when
    response = client_a.get(_summary_url(child_class))
    # then
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response.content.startswith(b"PK")  # a zip container
    filename = f"Tổng hợp kết quả - Lớp {child_class.name} - Cả năm - "
    assert f"filename*=UTF-8''{quote(filename)}" in response["Content-Disposition"]
    assert response["Content-Disposition"].startswith("attachment; filename=")


@pytest.mark.parametrize("username", ["gvcn", "giaovien", "phuhuynh", "hocsinh"])
def test_others_get_404_for_a_class_summary(
    school_a: School, client_a: Client, child_class: SchoolClass, username: str
) -> None:
    signed_in(client_a, school_a, username)
    assert client_a.get(_summary_url(child_class)).status_code == 404


def test_principal_downloads_a_term_summary(
    school_a: School, client_a: Client, child_class: SchoolClass
) -> None:
    term = Term.objects.get(school_year=child_class.school_year, number=2)
    signed_in(client_a, school_a, "hieutruong")
    response = client_a.get(_summary_url(child_class, term))
    assert response.status_code == 200
    assert quote(f"Lớp {child_class.name} - Học kì II") in response["Content-Disposition"]


@pytest.mark.parametrize("query", ["?term=abc", "?term=999999", "current"])
def test_summary_of_an_unknown_term_is_404(
    school_a: School,
    client_a: Client,
    child_class: SchoolClass,
    current_year: SchoolYear,
    query: str,
) -> None:
    if query == "current":  # a term that exists, but of another school year
        query = f"?term={Term.objects.get(school_year=current_year, number=1).pk}"
    signed_in(client_a, school_a, "hieutruong")
    assert client_a.get(_summary_url(child_class) + query).status_code == 404


def test_report_card_of_a_year_the_pupil_was_not_enrolled_is_404(
    school_a: School, client_a: Client, last_year: SchoolYear
) -> None:
    newcomer = Pupil.objects.exclude(enrolments__school_class__school_year=last_year).first()
    signed_in(client_a, school_a, "hieutruong")
    assert client_a.get(_card_url(newcomer, last_year)).status_code == 404  # type: ignore[arg-type]


def test_anonymous_visitors_are_sent_to_sign_in(
    client_a: Client, child: Pupil, last_year: SchoolYear
) -> None:
    response = client_a.get(_card_url(child, last_year))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_index_lists_every_class_for_the_principal(
    school_a: School, client_a: Client, child_class: SchoolClass, django_assert_num_queries: object
) -> None:
    # given
    signed_in(client_a, school_a, "hieutruong")
    # when
    with django_assert_num_queries(10):  # type: ignore[operator]
        response = client_a.get("/reports/")
    # then
    page = response.content.decode()
    assert response.status_code == 200
    assert len(re.findall(r'href="/reports/classes/\d+/"', page)) == SchoolClass.objects.count()
    assert _summary_url(child_class) in page


def test_index_lists_only_the_homeroom_teachers_classes(
    school_a: School, client_a: Client, in_school_a: School
) -> None:
    # given
    six_a_one = SchoolClass.objects.get(homeroom_teacher__user__username="gvcn")
    signed_in(client_a, school_a, "gvcn")
    # when
    page = client_a.get("/reports/").content.decode()
    # then
    assert f'href="/reports/classes/{six_a_one.pk}/"' in page
    assert _summary_url(six_a_one) in page


def test_index_lists_the_guardians_report_cards(
    school_a: School,
    client_a: Client,
    child: Pupil,
    last_year: SchoolYear,
    django_assert_num_queries: object,
) -> None:
    signed_in(client_a, school_a, "phuhuynh")
    with django_assert_num_queries(8):  # type: ignore[operator]
        page = client_a.get("/reports/").content.decode()
    assert _card_url(child, last_year) in page
    assert 'href="/reports/classes/' not in page


def test_class_page_lists_the_pupils_with_their_report_cards(
    school_a: School, client_a: Client, child: Pupil, child_class: SchoolClass
) -> None:
    signed_in(client_a, school_a, "hieutruong")
    page = client_a.get(f"/reports/classes/{child_class.pk}/").content.decode()
    assert page.count("/report-card/") == child_class.enrolments.count()
    assert child.full_name in page


def test_report_card_download_runs_a_fixed_number_of_queries(
    school_a: School,
    client_a: Client,
    child: Pupil,
    last_year: SchoolYear,
    django_assert_num_queries: object,
) -> None:
    signed_in(client_a, school_a, "phuhuynh")
    with django_assert_num_queries(20):  # type: ignore[operator]
        response = client_a.get(_card_url(child, last_year))
    assert response.status_code == 200


def test_summary_download_of_45_pupils_runs_a_fixed_number_of_queries(
    school_a: School, client_a: Client, full_class: SchoolClass, django_assert_num_queries: object
) -> None:
    signed_in(client_a, school_a, "hieutruong")
    with django_assert_num_queries(18):  # type: ignore[operator]
        response = client_a.get(_summary_url(full_class))
    assert response.status_code == 200
