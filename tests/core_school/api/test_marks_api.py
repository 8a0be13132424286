"""Writing marks over the API: save, publish, corrections, decisions, closing a term."""

import pytest
from django.db.models import Q
from django_tenants.utils import tenant_context

from core_school.academics.models import Enrolment, Term
from core_school.assessment import services
from core_school.assessment.models import CorrectionRequest, Mark, MarkSheet
from core_school.assessment.selectors import current_term
from core_school.people.models import Pupil
from tenants.models import School
from tests.core_school.api.conftest import ApiAs, own_sheet
from tests.core_school.conftest import actor


def _pupils(sheet: MarkSheet) -> list[Pupil]:
    return list(
        Pupil.objects.filter(
            enrolments__school_class=sheet.school_class, enrolments__ends_on__isnull=True
        ).order_by("pk")
    )


def _marks(sheet: MarkSheet) -> list[tuple[int, object, object]]:
    return list(
        Mark.objects.filter(sheet=sheet).order_by("pk").values_list("pk", "score", "passed")
    )


def test_marks_save_stores_the_values_and_answers_the_rows(school_a: School, api_as: ApiAs) -> None:
    # given
    with tenant_context(school_a):
        sheet = own_sheet(actor("giaovien"))
        pupil = _pupils(sheet)[0]
    # when
    response = api_as("giaovien").post(
        f"/api/v1/mark-sheets/{sheet.pk}/marks/",
        {"entries": [{"pupil": pupil.pk, "column": "tx1", "value": "7,5"}]},
        format="json",
    )
    # then
    assert response.status_code == 200
    assert response.json()["rows"][0]["pupil"] == pupil.pk
    assert response.json()["rows"][0]["cells"]["tx1"] == "7.5"
    with tenant_context(school_a):
        assert str(Mark.objects.get(sheet=sheet, pupil=pupil, kind="tx", index=1).score) == "7.5"


@pytest.mark.parametrize("value", ["11", "7.55", "abc"])
def test_marks_save_rejects_a_bad_value_naming_pupil_and_column_and_saves_nothing(
    school_a: School, api_as: ApiAs, value: str
) -> None:
    # given
    with tenant_context(school_a):
        sheet = own_sheet(actor("giaovien"))
        first, second = _pupils(sheet)[:2]
        before = _marks(sheet)
    # when
    response = api_as("giaovien").post(
        f"/api/v1/mark-sheets/{sheet.pk}/marks/",
        {
            "entries": [
                {"pupil": first.pk, "column": "tx1", "value": "9"},
                {"pupil": second.pk, "column": "gk", "value": value},
            ]
        },
        format="json",
    )
    # then
    error = response.json()["extra"]["errors"][0]
    assert response.status_code == 400
    assert second.full_name in response.json()["message"]
    assert (error["pupil_id"], error["column"]) == (second.pk, "gk")
    assert value in error["message"]
    with tenant_context(school_a):
        assert _marks(sheet) == before


def test_marks_save_rejects_a_pupil_of_another_class(school_a: School, api_as: ApiAs) -> None:
    # given
    with tenant_context(school_a):
        sheet = own_sheet(actor("giaovien"))
        stranger = Enrolment.objects.exclude(school_class=sheet.school_class).first().pupil_id
        before = _marks(sheet)
    # when
    response = api_as("giaovien").post(
        f"/api/v1/mark-sheets/{sheet.pk}/marks/",
        {"entries": [{"pupil": stranger, "column": "tx2", "value": "8"}]},
        format="json",
    )
    # then
    error = response.json()["extra"]["errors"][0]
    assert response.status_code == 400
    assert (error["pupil_id"], error["column"]) == (stranger, "tx2")
    assert sheet.school_class.name in error["message"]
    with tenant_context(school_a):
        assert _marks(sheet) == before


def test_marks_save_rejects_a_malformed_body(school_a: School, api_as: ApiAs) -> None:
    with tenant_context(school_a):
        sheet = own_sheet(actor("giaovien"))
    response = api_as("giaovien").post(
        f"/api/v1/mark-sheets/{sheet.pk}/marks/", {"entries": [{"pupil": "x"}]}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["message"]
    assert set(response.json()["extra"]["fields"]) == {"entries"}


def test_marks_save_is_403_for_the_homeroom_teacher_of_the_class(
    school_a: School, api_as: ApiAs
) -> None:
    # given: gvcn may read every sheet of her class, but enters only her own subjects' marks
    with tenant_context(school_a):
        gvcn = actor("gvcn")
        homeroom = next(iter(gvcn.homeroom_class_ids))
        sheet = MarkSheet.objects.exclude(
            subject_id__in=[s for c, s in gvcn.teaches if c == homeroom]
        ).get(school_class_id=homeroom, term=current_term(), subject__code="TOAN")
        pupil = _pupils(sheet)[0]
        before = _marks(sheet)
    # when
    response = api_as("gvcn").post(
        f"/api/v1/mark-sheets/{sheet.pk}/marks/",
        {"entries": [{"pupil": pupil.pk, "column": "tx1", "value": "5"}]},
        format="json",
    )
    # then
    assert response.status_code == 403
    assert set(response.json()) == {"message", "extra"}
    with tenant_context(school_a):
        assert _marks(sheet) == before


def test_marks_save_is_403_for_a_guardian_of_the_class(school_a: School, api_as: ApiAs) -> None:
    with tenant_context(school_a):
        child = Pupil.objects.filter(guardianships__guardian__user__username="phuhuynh").first()
        sheet = MarkSheet.objects.filter(
            school_class__enrolments__pupil=child, published_at__isnull=False, term=current_term()
        ).first()
    response = api_as("phuhuynh").post(
        f"/api/v1/mark-sheets/{sheet.pk}/marks/",
        {"entries": [{"pupil": child.pk, "column": "tx1", "value": "10"}]},
        format="json",
    )
    assert response.status_code == 403


def test_marks_save_is_404_for_a_teacher_of_another_class(school_a: School, api_as: ApiAs) -> None:
    with tenant_context(school_a):
        sheet = own_sheet(actor("gvcn"))
    response = api_as("giaovien").post(
        f"/api/v1/mark-sheets/{sheet.pk}/marks/", {"entries": []}, format="json"
    )
    assert response.status_code == 404


def test_sheet_publish_by_its_teacher(school_a: School, api_as: ApiAs) -> None:
    # given
    with tenant_context(school_a):
        sheet = own_sheet(actor("giaovien"))
    # when
    response = api_as("giaovien").post(f"/api/v1/mark-sheets/{sheet.pk}/publish/")
    # then
    assert response.status_code == 200
    assert response.json()["published_at"] is not None
    with tenant_context(school_a):
        sheet.refresh_from_db()
        assert sheet.published_at is not None


def test_sheet_publish_is_403_for_the_principal(school_a: School, api_as: ApiAs) -> None:
    with tenant_context(school_a):
        sheet = own_sheet(actor("giaovien"))
    response = api_as("hieutruong").post(f"/api/v1/mark-sheets/{sheet.pk}/publish/")
    assert response.status_code == 403


def test_correction_request_on_a_closed_term(school_a: School, api_as: ApiAs) -> None:
    # given
    with tenant_context(school_a):
        sheet = own_sheet(actor("giaovien"), closed=True)
        pupil = _pupils_of_closed(sheet)[0]
    # when
    response = api_as("giaovien").post(
        f"/api/v1/mark-sheets/{sheet.pk}/corrections/",
        {"pupil": pupil, "column": "ck", "new_value": "9", "reason": "Cộng nhầm điểm."},
        format="json",
    )
    # then
    assert response.status_code == 201
    assert response.json()["status"] == "pending"
    assert response.json()["column"] == "ck"
    assert response.json()["pupil"]["id"] == pupil


def test_correction_request_on_an_open_term_is_400(school_a: School, api_as: ApiAs) -> None:
    with tenant_context(school_a):
        sheet = own_sheet(actor("giaovien"))
        pupil = _pupils(sheet)[0]
    response = api_as("giaovien").post(
        f"/api/v1/mark-sheets/{sheet.pk}/corrections/",
        {"pupil": pupil.pk, "column": "tx1", "new_value": "9", "reason": "Nhập nhầm."},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["message"]


def _pupils_of_closed(sheet: MarkSheet) -> list[int]:
    return list(
        Enrolment.objects.filter(school_class=sheet.school_class)
        .order_by("pupil_id")
        .values_list("pupil_id", flat=True)
    )


def _correction(school: School) -> CorrectionRequest:
    """A pending request by the maths teacher, made through the service."""
    with tenant_context(school):
        teacher = actor("giaovien")
        sheet = own_sheet(teacher, closed=True)
        return services.correction_request_create(
            sheet=sheet,
            pupil_id=_pupils_of_closed(sheet)[0],
            column="gk",
            new_value="8,5",
            reason="Chấm phúc khảo.",
            actor=teacher,
        )


def test_correction_decide_approve_by_the_principal_changes_the_mark(
    school_a: School, api_as: ApiAs
) -> None:
    # given
    correction = _correction(school_a)
    # when
    response = api_as("hieutruong").post(
        f"/api/v1/corrections/{correction.pk}/decide/",
        {"decision": "approve", "note": "Đồng ý."},
        format="json",
    )
    # then
    assert response.status_code == 200
    assert response.json()["status"] == "approved"
    with tenant_context(school_a):
        mark = Mark.objects.get(
            sheet_id=correction.sheet_id, pupil_id=correction.pupil_id, kind="gk", index=1
        )
        assert str(mark.score) == "8.5"


def test_correction_decide_is_403_for_the_teacher(school_a: School, api_as: ApiAs) -> None:
    correction = _correction(school_a)
    response = api_as("giaovien").post(
        f"/api/v1/corrections/{correction.pk}/decide/", {"decision": "approve"}, format="json"
    )
    assert response.status_code == 403


def test_correction_decide_rejects_an_unknown_decision(school_a: School, api_as: ApiAs) -> None:
    correction = _correction(school_a)
    response = api_as("hieutruong").post(
        f"/api/v1/corrections/{correction.pk}/decide/", {"decision": "maybe"}, format="json"
    )
    assert response.status_code == 400
    assert "decision" in response.json()["extra"]["fields"]


def test_corrections_list_in_a_fixed_number_of_queries(
    school_a: School, api_as: ApiAs, django_assert_num_queries: object
) -> None:
    # given: two requests, so that a query per row would show
    _correction(school_a)
    _correction(school_a)
    client = api_as("hieutruong")
    # when
    with django_assert_num_queries(11):  # type: ignore[operator]
        response = client.get("/api/v1/corrections/")
    # then
    assert response.json()["count"] == 2
    assert response.json()["results"][0]["requested_by"]["full_name"]


def test_corrections_list_of_another_teacher_is_empty(school_a: School, api_as: ApiAs) -> None:
    _correction(school_a)
    assert api_as("gvcn").get("/api/v1/corrections/").json()["count"] == 0


def test_term_close_with_missing_marks_is_400_listing_them(school_a: School, api_as: ApiAs) -> None:
    with tenant_context(school_a):
        term = current_term()
    response = api_as("hieutruong").post(f"/api/v1/terms/{term.pk}/close/")
    assert response.status_code == 400
    assert response.json()["extra"]["missing"][0]["column"]
    with tenant_context(school_a):
        assert not Term.objects.get(pk=term.pk).is_closed


def test_term_close_is_403_for_a_teacher(school_a: School, api_as: ApiAs) -> None:
    with tenant_context(school_a):
        term = current_term()
    response = api_as("giaovien").post(f"/api/v1/terms/{term.pk}/close/")
    assert response.status_code == 403


def test_term_close_of_a_closed_term_is_400(school_a: School, api_as: ApiAs) -> None:
    with tenant_context(school_a):
        term = Term.objects.filter(Q(is_closed=True)).first()
    response = api_as("hieutruong").post(f"/api/v1/terms/{term.pk}/close/")
    assert response.status_code == 400
