"""The class logbook and staff tasks over the API."""

from django_tenants.utils import tenant_context

from core_school.teaching.models import LogbookEntry, StaffTask
from tenants.models import School
from tests.core_school.api.conftest import ApiAs
from tests.core_school.conftest import actor


def test_logbook_of_the_office_in_a_fixed_number_of_queries(
    api_as: ApiAs, django_assert_num_queries: object
) -> None:
    client = api_as("hieutruong")
    with django_assert_num_queries(12):  # type: ignore[operator]
        response = client.get("/api/v1/logbook-entries/")
    assert len(response.json()["results"]) == 50
    assert response.json()["results"][0]["subject"]["code"]


def test_logbook_of_a_teacher_is_her_classes(school_a: School, api_as: ApiAs) -> None:
    with tenant_context(school_a):
        teacher = actor("giaovien")
        count = LogbookEntry.objects.filter(
            school_class_id__in={c for c, _ in teacher.teaches}
        ).count()
    response = api_as("giaovien").get("/api/v1/logbook-entries/")
    assert response.json()["count"] == count


def test_logbook_filter_by_teacher(school_a: School, api_as: ApiAs) -> None:
    with tenant_context(school_a):
        teacher = actor("giaovien")
        count = LogbookEntry.objects.filter(assignment__teacher=teacher.staff).count()
    response = api_as("giaovien").get("/api/v1/logbook-entries/", {"teacher": teacher.staff.pk})
    assert response.json()["count"] == count


def test_staff_tasks_of_the_office_in_a_fixed_number_of_queries(
    school_a: School, api_as: ApiAs, django_assert_num_queries: object
) -> None:
    client = api_as("hieutruong")
    with tenant_context(school_a):
        count = StaffTask.objects.count()
    with django_assert_num_queries(11):  # type: ignore[operator]
        response = client.get("/api/v1/staff-tasks/")
    assert response.json()["count"] == count


def test_staff_tasks_of_a_teacher_are_her_own(school_a: School, api_as: ApiAs) -> None:
    # given
    with tenant_context(school_a):
        task = StaffTask.objects.select_related("assignee__user").first()
        own = StaffTask.objects.filter(assignee=task.assignee).count()
    # when
    response = api_as(task.assignee.user.username).get("/api/v1/staff-tasks/")
    # then
    assert response.json()["count"] == own
    assert {row["assignee"]["id"] for row in response.json()["results"]} == {task.assignee_id}
