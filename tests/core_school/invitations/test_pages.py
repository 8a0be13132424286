"""The invitation pages: staff lists (with pinned query counts), printed pupil codes, and the
families' /invite/ page end to end, on the right school's host only."""

import re

from django.test import Client
from django_tenants.utils import tenant_context

from accounts.models import User
from config import sms
from core_school.invitations import services
from core_school.invitations.models import Invitation
from core_school.people.models import Guardian, Pupil
from tenants.models import School
from tests.core_school.conftest import actor
from tests.core_school.invitations.conftest import NewClass, signed_in

PASSWORD = "Hoa-sen-2026!"


def _invite(school: School, new_class: NewClass, capture: object) -> str:
    """Invite the class's families as gvcn; return the mother's code from her SMS."""
    with tenant_context(school), capture(execute=True):  # type: ignore[operator]
        services.invitations_send(actor("gvcn"), school_class_id=new_class.school_class.pk)
    found = re.search(r"\b(\d{4} \d{4})\b", sms.outbox[-1].body)
    assert found is not None
    return found.group(1)


def test_accept_page_opens_the_account_and_signs_in(
    school_a: School,
    client_a: Client,
    new_class: NewClass,
    django_capture_on_commit_callbacks: object,
) -> None:
    # given
    code = _invite(school_a, new_class, django_capture_on_commit_callbacks)
    form = client_a.get("/invite/")
    # when
    response = client_a.post(
        "/invite/",
        {
            "identifier": "0388000001",
            "code": code,
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
        follow=True,
    )
    # then: signed in, on the family portal, with both children (two classes)
    assert form.status_code == 200
    assert response.redirect_chain[0] == ("/family/", 302)
    assert response.wsgi_request.user.username == "0388000001"
    page = response.content.decode()
    assert new_class.elder.full_name in page
    assert new_class.younger.full_name in page
    assert "0388000001" in page  # the message says the username


def test_accept_page_shows_a_wrong_code_and_keeps_the_form(
    school_a: School,
    client_a: Client,
    new_class: NewClass,
    django_capture_on_commit_callbacks: object,
) -> None:
    _invite(school_a, new_class, django_capture_on_commit_callbacks)
    response = client_a.post(
        "/invite/",
        {
            "identifier": "0388000001",
            "code": "0000 0000",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 200
    assert 'data-testid="error-code"' in response.content.decode()
    assert "_auth_user_id" not in client_a.session
    with tenant_context(school_a):
        assert Guardian.objects.get(pk=new_class.mother.pk).user is None


def test_accept_page_refuses_different_passwords(
    school_a: School,
    client_a: Client,
    new_class: NewClass,
    django_capture_on_commit_callbacks: object,
) -> None:
    code = _invite(school_a, new_class, django_capture_on_commit_callbacks)
    response = client_a.post(
        "/invite/",
        {"identifier": "0388000001", "code": code, "password1": PASSWORD, "password2": "other"},
    )
    assert 'data-testid="error-password2"' in response.content.decode()
    with tenant_context(school_a):
        assert Invitation.objects.get(guardian=new_class.mother).failed_attempts == 0


def test_a_code_of_school_a_does_nothing_on_school_b(
    school_a: School,
    school_b: School,
    client_b: Client,
    new_class: NewClass,
    django_capture_on_commit_callbacks: object,
) -> None:
    # given
    code = _invite(school_a, new_class, django_capture_on_commit_callbacks)
    with tenant_context(school_b):
        users_b = User.objects.count()
    # when
    response = client_b.post(
        "/invite/",
        {"identifier": "0388000001", "code": code, "password1": PASSWORD, "password2": PASSWORD},
    )
    # then
    assert response.status_code == 200
    assert 'data-testid="error-code"' in response.content.decode()
    assert "_auth_user_id" not in client_b.session
    with tenant_context(school_b):
        assert User.objects.count() == users_b
    with tenant_context(school_a):
        assert Guardian.objects.get(pk=new_class.mother.pk).user is None


def test_accept_page_is_limited_per_network(
    school_a: School, client_a: Client, new_class: NewClass
) -> None:
    wrong = {"identifier": "0399999999", "code": "1", "password1": "x", "password2": "x"}
    answers = [client_a.post("/invite/", wrong).content.decode() for _ in range(11)]
    assert "Too many tries" not in answers[9]
    assert "Too many tries" in answers[10]


def test_staff_class_page_lists_guardians_with_their_status(
    school_a: School,
    client_a: Client,
    new_class: NewClass,
    django_capture_on_commit_callbacks: object,
    django_assert_max_num_queries: object,
) -> None:
    # given
    _invite(school_a, new_class, django_capture_on_commit_callbacks)
    signed_in(client_a, school_a, "gvcn")
    # when
    with django_assert_max_num_queries(20):  # type: ignore[operator]
        response = client_a.get(f"/invitations/class/{new_class.school_class.pk}/")
    # then
    page = response.content.decode()
    assert response.status_code == 200
    status = {
        guardian: re.search(rf'data-testid="status-{guardian.pk}">([^<]+)', page).group(1)  # type: ignore[union-attr]
        for guardian in (new_class.mother, new_class.father, new_class.silent, new_class.aunt)
    }
    assert status == {
        new_class.mother: "Invited ",
        new_class.father: "Invited ",
        new_class.silent: "No phone or e-mail",
        new_class.aunt: "Account active",
    }


def test_staff_class_page_query_count_does_not_grow_with_the_class(
    school_a: School,
    client_a: Client,
    django_assert_num_queries: object,
) -> None:
    # given: the demo principal on the demo's 6A1 (about 40 pupils and 80 guardians)
    with tenant_context(school_a):
        class_id = Pupil.objects.filter(user__username="hocsinh").values_list(
            "enrolments__school_class_id", flat=True
        )[0]
    signed_in(client_a, school_a, "hieutruong")
    # when / then: host, session, user, the actor (3), class, guardians, pupils, whatever the
    # class's size; each query follows django-tenants' SET search_path (counted too)
    with django_assert_num_queries(11):  # type: ignore[operator]
        response = client_a.get(f"/invitations/class/{class_id}/")
    assert response.status_code == 200


def test_staff_index_lists_every_class_in_a_fixed_number_of_queries(
    school_a: School, client_a: Client, django_assert_num_queries: object
) -> None:
    signed_in(client_a, school_a, "hieutruong")
    # host, session, user, actor (3), classes, guardians; each after its SET search_path
    with django_assert_num_queries(10):  # type: ignore[operator]
        response = client_a.get("/invitations/")
    page = response.content.decode()
    assert page.count("/invitations/class/") == 40
    assert 'data-testid="invite-school"' in page


def test_homeroom_teacher_sees_only_her_classes(
    school_a: School, client_a: Client, new_class: NewClass
) -> None:
    signed_in(client_a, school_a, "gvcn")
    page = client_a.get("/invitations/").content.decode()
    other = client_a.get(f"/invitations/class/{new_class.other_class.pk}/")
    assert f"/invitations/class/{new_class.school_class.pk}/" in page
    assert f"/invitations/class/{new_class.other_class.pk}/" not in page
    assert 'data-testid="invite-school"' not in page
    assert other.status_code == 404


def test_subject_teacher_and_families_cannot_open_the_class_page(
    school_a: School, client_a: Client, new_class: NewClass
) -> None:
    path = f"/invitations/class/{new_class.school_class.pk}/"
    assert (
        signed_in(Client(HTTP_HOST=client_a.defaults["HTTP_HOST"]), school_a, "giaovien")
        .get(path)
        .status_code
        == 404
    )
    assert signed_in(client_a, school_a, "phuhuynh").get(path).status_code == 403


def test_staff_page_invites_the_class_and_reports_the_counts(
    school_a: School,
    client_a: Client,
    new_class: NewClass,
    django_capture_on_commit_callbacks: object,
) -> None:
    signed_in(client_a, school_a, "gvcn")
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        response = client_a.post(
            f"/invitations/class/{new_class.school_class.pk}/", {"action": "invite"}, follow=True
        )
    page = response.content.decode()
    assert "2 invited; 0 already hold a valid code; 1 already have an account; 1 have no" in page
    assert [m.to for m in sms.outbox] == ["+84388000001"]


def test_printed_pupil_codes_open_the_pupils_accounts(
    school_a: School, client_a: Client, new_class: NewClass
) -> None:
    # given: gvcn prints the codes
    teacher = signed_in(Client(HTTP_HOST=client_a.defaults["HTTP_HOST"]), school_a, "gvcn")
    printed = teacher.post(
        f"/invitations/class/{new_class.school_class.pk}/", {"action": "pupil_codes"}, follow=True
    )
    page = printed.content.decode()
    code = re.search(rf'data-testid="code-{new_class.elder.pk}">([\d ]+)<', page).group(1)  # type: ignore[union-attr]
    # when: the pupil opens his account
    response = client_a.post(
        "/invite/",
        {
            "identifier": new_class.elder.national_id,
            "code": code,
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
        follow=True,
    )
    # then
    assert printed.redirect_chain[-1][0] == (
        f"/invitations/class/{new_class.school_class.pk}/pupil-codes/"
    )
    assert page.count('class="slip"') == 2
    assert response.wsgi_request.user.username == new_class.elder.national_id
    with tenant_context(school_a):
        assert Pupil.objects.get(pk=new_class.elder.pk).user.role_names == ["pupil"]  # type: ignore[union-attr]


def test_staff_page_sends_again_to_one_guardian(
    school_a: School,
    client_a: Client,
    new_class: NewClass,
    django_capture_on_commit_callbacks: object,
) -> None:
    # given
    signed_in(client_a, school_a, "gvcn")
    path = f"/invitations/class/{new_class.school_class.pk}/"
    # when
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        client_a.post(path, {"action": "resend", "guardian": str(new_class.mother.pk)})
        refused = client_a.post(path, {"action": "resend", "guardian": "abc"}, follow=True)
    # then
    assert [m.to for m in sms.outbox] == ["+84388000001"]
    assert "This guardian has no child in this class." in refused.content.decode()
    with tenant_context(school_a):
        assert Invitation.objects.filter(guardian=new_class.father).count() == 0
