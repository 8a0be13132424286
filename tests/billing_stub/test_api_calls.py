"""Every signed-in call to a school's API is counted, exactly, for that school and day; calls
without valid credentials and the root domain's own requests are not."""

import pytest
from django.db.models import Sum
from django.test import Client
from django.utils import timezone
from django_tenants.utils import tenant_context
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import User
from billing_stub import metering, services
from billing_stub.models import ApiUsageDay
from billing_stub.months import month_current
from tenants.models import School
from tests.conftest import host_of
from tests.core_school.api.conftest import api_client


def _calls_today(school: School) -> int:
    row = ApiUsageDay.objects.filter(school=school, day=timezone.localdate()).first()
    return row.calls if row else 0


def _calls_everywhere() -> int:
    return int(ApiUsageDay.objects.aggregate(total=Sum("calls"))["total"] or 0)


@pytest.mark.parametrize(("n", "m"), [(1, 0), (7, 3)])
def test_api_calls_are_counted_exactly_per_school(
    school_a: School, school_b: School, n: int, m: int
) -> None:
    # given
    a_before, b_before = _calls_today(school_a), _calls_today(school_b)
    client_a = api_client(school_a, "hieutruong")
    client_b = api_client(school_b, "giaovien")
    # when
    statuses = [client_a.get("/api/v1/me/").status_code for _ in range(n)]
    statuses += [client_b.get("/api/v1/school-years/").status_code for _ in range(m)]
    # then
    assert set(statuses) <= {200}
    assert _calls_today(school_a) - a_before == n
    assert _calls_today(school_b) - b_before == m


def test_api_calls_of_the_month_reach_the_usage_record(school_b: School) -> None:
    # given
    client = api_client(school_b, "hieutruong")
    before = metering.api_calls_in_month(school=school_b, month=month_current())
    for _ in range(5):
        client.get("/api/v1/me/")
    # when
    record = services.usage_measure(school=school_b, month=month_current())
    # then
    assert record.api_calls == before + 5


def test_a_school_token_call_counts_and_a_refused_call_does_not(school_a: School) -> None:
    # given
    with tenant_context(school_a):
        key = Token.objects.create(user=User.objects.get(username="giaovien")).key
    before = _calls_today(school_a)
    token_client = APIClient(HTTP_HOST=host_of(school_a))
    token_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    bad_client = APIClient(HTTP_HOST=host_of(school_a))
    bad_client.credentials(HTTP_AUTHORIZATION="Token not-a-key")
    anonymous = APIClient(HTTP_HOST=host_of(school_a))
    # when
    ok = token_client.get("/api/v1/me/")
    refused = bad_client.get("/api/v1/me/")
    nobody = anonymous.get("/api/v1/pupils/")
    # then
    assert (ok.status_code, refused.status_code, nobody.status_code) == (200, 401, 401)
    assert _calls_today(school_a) - before == 1


def test_a_signed_in_call_that_is_refused_by_permissions_still_counts(school_a: School) -> None:
    # given: a pupil may not list the staff (403), but the call was made by the school's user
    client = api_client(school_a, "hocsinh")
    before = _calls_today(school_a)
    # when
    response = client.get("/api/v1/staff/")
    # then
    assert response.status_code == 403
    assert _calls_today(school_a) - before == 1


def test_school_pages_are_not_api_calls(school_a: School) -> None:
    # given
    client = Client(HTTP_HOST=host_of(school_a))
    with tenant_context(school_a):
        client.force_login(User.objects.get(username="hieutruong"))
    before = _calls_today(school_a)
    # when
    response = client.get("/dashboard/")
    # then
    assert response.status_code == 200
    assert _calls_today(school_a) == before


def test_the_root_domain_is_not_counted(db: None) -> None:
    # given
    client = Client(HTTP_HOST="localhost")
    client.force_login(User.objects.get(username="so.hanoi"))
    before = _calls_everywhere()
    # when
    client.get("/api/v1/me/")
    # then
    assert _calls_everywhere() == before


def test_one_api_call_costs_one_counting_statement(
    school_a: School, django_assert_num_queries: object
) -> None:
    # given
    client = api_client(school_a, "hieutruong")
    client.get("/api/v1/me/")  # warm the host cache and the session
    # when / then: the school's search_path, the user, their groups; then one upsert
    with django_assert_num_queries(4) as captured:  # type: ignore[operator]
        client.get("/api/v1/me/")
    assert "ON CONFLICT (school_id, day) DO UPDATE" in captured.captured_queries[-1]["sql"]
