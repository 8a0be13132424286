"""The push channel never carries one school's events to another school's open page.

The demo schools share user ids (both have a "phuhuynh" with the same primary key), which is
the dangerous case: the push server keys each stream by (school, user) from its signed token,
and each event by the schema it was emitted in.
"""

import pytest
from django.db import connection
from django_tenants.utils import tenant_context

from accounts.models import User
from push.tokens import push_token
from tenants.models import School
from tests.push.fixtures import Emit
from tests.push.sse import SseStream

# Starts the push server (or a Python process) for real.
pytestmark = pytest.mark.slow
QUIET_SECONDS = 1.0


@pytest.fixture
def same_id(django_db_blocker: object) -> tuple[School, School, int]:
    """School A, school B, and the primary key of phuhuynh in A, which is also a user of B."""
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        school_a = School.objects.get(slug="caugiay")
        school_b = School.objects.get(slug="nghiatan")
        with tenant_context(school_a):
            user_id = User.objects.get(username="phuhuynh").pk
        with tenant_context(school_b):
            assert User.objects.filter(pk=user_id).exists()
        connection.set_schema_to_public()
    return school_a, school_b, user_id


@pytest.mark.parametrize("emitter", ["a", "b"])
def test_stream_of_one_school_never_receives_the_other_schools_event_for_the_same_user_id(
    push_server: str,
    emit_committed: Emit,
    marker: int,
    same_id: tuple[School, School, int],
    emitter: str,
) -> None:
    # given: the same user id holds an open page on both schools
    school_a, school_b, user_id = same_id
    schools = {"a": school_a, "b": school_b}
    streams = {
        key: SseStream(push_server, push_token(school.schema_name, user_id))
        for key, school in schools.items()
    }
    other = "b" if emitter == "a" else "a"
    try:
        for stream in streams.values():
            stream.wait_hello()
        # when
        emit_committed(schools[emitter].schema_name, [user_id], {"kind": "marks", "pupil": marker})
        received = streams[emitter].next_event(timeout=5)
        leaked = streams[other].next_event(timeout=QUIET_SECONDS)
    finally:
        for stream in streams.values():
            stream.close()
    # then
    assert received is not None
    assert received.json() == {"kind": "marks", "pupil": marker}
    assert leaked is None


def test_stream_takes_its_school_from_the_token_only(
    push_server: str,
    emit_committed: Emit,
    marker: int,
    same_id: tuple[School, School, int],
) -> None:
    # given: A's token, sent to B's host with B's schema asked for in the query
    school_a, school_b, user_id = same_id
    stream = SseStream(
        push_server,
        push_token(school_a.schema_name, user_id),
        host="nghiatan.localhost",
        query=f"&schema={school_b.schema_name}&s={school_b.schema_name}",
    )
    try:
        stream.wait_hello()
        # when
        emit_committed(school_b.schema_name, [user_id], {"kind": "marks", "pupil": marker})
        leaked = stream.next_event(timeout=QUIET_SECONDS)
        emit_committed(school_a.schema_name, [user_id], {"kind": "marks", "pupil": marker})
        own = stream.next_event(timeout=5)
    finally:
        stream.close()
    # then
    assert leaked is None
    assert own is not None
    assert own.json() == {"kind": "marks", "pupil": marker}
