"""Mark sheets and their gradebook over the API: who reads which sheet and which rows."""

import pytest
from django_tenants.utils import tenant_context

from core_school.academics.models import Enrolment, Term
from core_school.assessment import selectors
from core_school.assessment.models import MarkSheet
from core_school.people.models import Guardianship, Pupil
from tenants.models import School
from tests.core_school.api.conftest import ApiAs, own_sheet
from tests.core_school.conftest import actor


def _children_classes(username: str) -> set[int]:
    return set(
        Enrolment.objects.filter(
            pupil__guardianships__guardian__user__username=username
        ).values_list("school_class_id", flat=True)
    )


def test_mark_sheets_list_is_the_current_term_in_a_fixed_number_of_queries(
    school_a: School, api_as: ApiAs, django_assert_num_queries: object
) -> None:
    # given
    client = api_as("hieutruong")
    with tenant_context(school_a):
        term = selectors.current_term()
        total = MarkSheet.objects.filter(term=term).count()
    # when
    with django_assert_num_queries(12):  # type: ignore[operator]
        response = client.get("/api/v1/mark-sheets/")
    # then
    assert response.json()["count"] == total
    assert {row["term"]["id"] for row in response.json()["results"]} == {term.pk}


def test_mark_sheets_list_of_a_teacher_is_what_her_page_lists(
    school_a: School, api_as: ApiAs
) -> None:
    # given
    with tenant_context(school_a):
        term = selectors.current_term()
        page = set(
            selectors.mark_sheet_list_for_actor(actor=actor("gvcn"), term=term).values_list(
                "pk", flat=True
            )
        )
    # when
    response = api_as("gvcn").get("/api/v1/mark-sheets/")
    # then
    assert {row["id"] for row in response.json()["results"]} == page


def test_mark_sheets_list_of_another_term(school_a: School, api_as: ApiAs) -> None:
    with tenant_context(school_a):
        closed = Term.objects.filter(is_closed=True).first()
        count = MarkSheet.objects.filter(term=closed).count()
    response = api_as("quantri").get("/api/v1/mark-sheets/", {"term": closed.pk})
    assert response.json()["count"] == count
    assert response.json()["results"][0]["is_locked"] is True


def test_mark_sheets_list_of_an_unknown_term_is_400(api_as: ApiAs) -> None:
    response = api_as("quantri").get("/api/v1/mark-sheets/", {"term": 999999})
    assert response.status_code == 400
    assert "term" in response.json()["extra"]["fields"]


def test_mark_sheets_list_of_a_guardian_holds_only_published_sheets_of_their_children(
    school_a: School, api_as: ApiAs, django_assert_num_queries: object
) -> None:
    # given
    client = api_as("phuhuynh")
    with tenant_context(school_a):
        term = selectors.current_term()
        classes = _children_classes("phuhuynh")
        published = set(
            MarkSheet.objects.filter(
                term=term, school_class_id__in=classes, published_at__isnull=False
            ).values_list("pk", flat=True)
        )
        unpublished = MarkSheet.objects.filter(
            term=term, school_class_id__in=classes, published_at__isnull=True
        ).count()
    # when
    with django_assert_num_queries(10):  # type: ignore[operator]
        response = client.get("/api/v1/mark-sheets/")
    # then
    assert unpublished > 0
    assert {row["id"] for row in response.json()["results"]} == published


def test_unpublished_sheet_is_404_for_a_guardian(school_a: School, api_as: ApiAs) -> None:
    with tenant_context(school_a):
        hidden = MarkSheet.objects.filter(
            school_class_id__in=_children_classes("phuhuynh"), published_at__isnull=True
        ).first()
    client = api_as("phuhuynh")
    assert client.get(f"/api/v1/mark-sheets/{hidden.pk}/").status_code == 404
    assert client.get(f"/api/v1/mark-sheets/{hidden.pk}/marks/").status_code == 404


def test_gradebook_of_a_teacher_has_every_pupil_in_a_fixed_number_of_queries(
    school_a: School, api_as: ApiAs, django_assert_num_queries: object
) -> None:
    # given
    client = api_as("giaovien")
    with tenant_context(school_a):
        sheet = own_sheet(actor("giaovien"))
        size = Enrolment.objects.filter(school_class=sheet.school_class, ends_on__isnull=True)
        size = size.count()
    # when
    with django_assert_num_queries(14):  # type: ignore[operator]
        response = client.get(f"/api/v1/mark-sheets/{sheet.pk}/marks/")
    # then
    body = response.json()
    assert len(body["rows"]) == size
    assert [c["code"] for c in body["columns"]] == ["tx1", "tx2", "tx3", "tx4", "gk", "ck"]
    assert set(body["rows"][0]["cells"]) == {"tx1", "tx2", "tx3", "tx4", "gk", "ck"}


def test_gradebook_of_a_guardian_holds_only_their_childs_row(
    school_a: School, api_as: ApiAs
) -> None:
    # given
    with tenant_context(school_a):
        child = Pupil.objects.filter(guardianships__guardian__user__username="phuhuynh").first()
        sheet = MarkSheet.objects.filter(
            school_class__enrolments__pupil=child, published_at__isnull=False
        ).first()
    # when
    response = api_as("phuhuynh").get(f"/api/v1/mark-sheets/{sheet.pk}/marks/")
    # then
    assert response.status_code == 200
    assert [row["pupil"] for row in response.json()["rows"]] == [child.pk]


def test_gradebook_of_a_pupil_holds_only_their_own_row(school_a: School, api_as: ApiAs) -> None:
    with tenant_context(school_a):
        me = Pupil.objects.get(user__username="hocsinh")
        sheet = MarkSheet.objects.filter(
            school_class__enrolments__pupil=me, published_at__isnull=False
        ).first()
    response = api_as("hocsinh").get(f"/api/v1/mark-sheets/{sheet.pk}/marks/")
    assert [row["pupil"] for row in response.json()["rows"]] == [me.pk]


def test_sheet_of_another_subject_is_404_for_a_teacher(school_a: School, api_as: ApiAs) -> None:
    with tenant_context(school_a):
        teacher = actor("giaovien")
        other = MarkSheet.objects.exclude(school_class_id__in=[c for c, _ in teacher.teaches])
        other = other.first()
    assert api_as("giaovien").get(f"/api/v1/mark-sheets/{other.pk}/").status_code == 404


@pytest.mark.parametrize("published", ["true", "false"])
def test_mark_sheets_filter_published(school_a: School, api_as: ApiAs, published: str) -> None:
    with tenant_context(school_a):
        count = MarkSheet.objects.filter(
            term=selectors.current_term(), published_at__isnull=published == "false"
        ).count()
    response = api_as("hieutruong").get("/api/v1/mark-sheets/", {"published": published})
    assert response.json()["count"] == count


def test_guardian_sees_no_sheet_of_a_class_without_their_children(
    school_a: School, api_as: ApiAs
) -> None:
    with tenant_context(school_a):
        children = Guardianship.objects.filter(guardian__user__username="phuhuynh")
        classes = set(
            Enrolment.objects.filter(pupil__in=children.values("pupil")).values_list(
                "school_class_id", flat=True
            )
        )
    response = api_as("phuhuynh").get("/api/v1/mark-sheets/")
    assert {row["school_class"]["id"] for row in response.json()["results"]} <= classes
