"""The signed-in user's inbox over the API."""

from django.db import transaction
from django_tenants.utils import tenant_context

from accounts.models import User
from core_school.notifications import services
from core_school.notifications.models import Kind, Notification
from tenants.models import School
from tests.core_school.api.conftest import ApiAs


def test_the_inbox_is_the_users_own_and_can_be_marked_read(
    school_a: School, api_as: ApiAs, django_assert_max_num_queries: object
) -> None:
    with tenant_context(school_a), transaction.atomic():
        parent = User.objects.get(username="phuhuynh")
        teacher = User.objects.get(username="gvcn")
        services.notify(
            kind=Kind.NOTE,
            drafts=[services.Draft(parent.pk, None, f"Tin {n}") for n in range(3)]
            + [services.Draft(teacher.pk, None, "Của cô giáo")],
        )
    client = api_as("phuhuynh")
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        listing = client.get("/api/v1/notifications/")
    titles = [item["title"] for item in listing.json()["results"]]
    assert titles[:3] == ["Tin 2", "Tin 1", "Tin 0"]
    assert "Của cô giáo" not in titles
    with tenant_context(school_a):
        theirs = Notification.objects.get(user=teacher, title="Của cô giáo").pk
    assert client.get(f"/api/v1/notifications/{theirs}/").status_code == 404
    answer = client.post("/api/v1/notifications/mark-read/", {"ids": [theirs]}, format="json")
    assert answer.json() == {"marked_read": 0}
    answer = client.post("/api/v1/notifications/mark-read/", {}, format="json")
    assert answer.json()["marked_read"] >= 3
    assert (
        client.post("/api/v1/notifications/mark-read/", {"ids": ["x"]}, format="json").status_code
        == 400
    )
