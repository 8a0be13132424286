"""Provisioning a school: asked for, made by the task in one transaction, failed with the
reason and retried, idempotent; the first administrator invited and able to sign in."""

import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django_tenants.utils import schema_exists, tenant_context

from accounts.models import User
from accounts.roles import Role
from billing_stub.models import Subscription
from onboarding import provisioning
from onboarding.models import Milestone, Provisioning
from tenants.models import Authority, Domain, School

pytestmark = pytest.mark.django_db


def _ask(**overrides: object) -> School:
    fields: dict[str, object] = {
        "name": "THCS Dịch Vọng",
        "code": "01013599",
        "slug": "dichvong",
        "authority": Authority.objects.get(code="00167"),
        "admin_name": "Nguyễn Thị Lan",
        "admin_email": "lan@dichvong.example",
        "actor": None,
    }
    fields.update(overrides)
    return provisioning.school_request(**fields)  # type: ignore[arg-type]


def operator(username: str) -> User:
    return User.objects.get(username=username)


def test_a_school_is_made_in_one_go_and_its_administrator_invited(
    django_capture_on_commit_callbacks: object,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        school = _ask(is_pilot=True)
    school.refresh_from_db()
    assert school.status == School.Status.ONBOARDING, school.status_reason
    assert schema_exists("school_dichvong")
    assert Domain.objects.get(tenant=school).domain.startswith("dichvong.")
    record = Provisioning.objects.get(school=school)
    assert record.finished_at
    assert record.attempts == 1
    assert record.standards_version
    assert Subscription.objects.get(school=school).plan.code == "pilot"
    with tenant_context(school):
        # The template has no users: the administrator is the school's only account.
        assert list(User.objects.values_list("username", flat=True)) == ["admin"]
        admin = User.objects.get(username="admin")
        assert admin.groups.filter(name=Role.SCHOOL_ADMIN).exists()
        assert not admin.has_usable_password()
    connection.set_schema_to_public()
    [message] = mail.outbox
    assert message.to == ["lan@dichvong.example"]
    assert "THCS Dịch Vọng" in message.subject
    assert record.school.milestones.filter(step=Milestone.Step.ADMIN_INVITED).exists()

    # The link in the e-mail lets the administrator choose a password, then sign in.
    link = re.search(r"https?://(\S+?)(/\S+)", message.body)
    assert link
    host, path = link.group(1), link.group(2)
    client = Client(HTTP_HOST=host)
    page = client.get(path, follow=True)
    assert page.status_code == 200
    form_path = page.redirect_chain[-1][0] if page.redirect_chain else path
    done = client.post(
        form_path, {"password1": "Mật-khẩu-mới-2026", "password2": "Mật-khẩu-mới-2026"}
    )
    assert done.status_code == 302
    assert Client(HTTP_HOST=host).login(username="admin", password="Mật-khẩu-mới-2026")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("code", "01'; DROP SCHEMA public; --", "4 to 16 digits or capital letters"),
        ("code", "01013501", "already used by THCS Cầu Giấy"),
        ("slug", "evil.example.com", "lowercase letters"),
        ("slug", "a/b", "lowercase letters"),
        ("slug", "school--x", "single hyphens"),
        ("slug", "caugiay", "already used by THCS Cầu Giấy"),
        ("slug", "admin", "reserved"),
        ("admin_email", "not-an-address", "not an e-mail address"),
        ("name", "  ", "empty"),
    ],
)
def test_bad_or_duplicate_fields_are_refused_with_a_clear_message(
    field: str, value: str, message: str
) -> None:
    before = School.objects.count()
    with pytest.raises(ValidationError) as refused:
        _ask(**{field: value})
    assert message in " ".join(refused.value.message_dict[field])
    assert School.objects.count() == before


def test_an_operator_cannot_ask_for_a_school_outside_their_node() -> None:
    with pytest.raises(ValidationError) as refused:
        _ask(authority=Authority.objects.get(code="00160"), actor=operator("phuong.caugiay"))
    assert "outside your part" in refused.value.message_dict["authority"][0]
    # The province operator may, anywhere below the province.
    school = _ask(authority=Authority.objects.get(code="00160"), actor=operator("so.hanoi"))
    assert school.status == School.Status.REQUESTED


def test_a_failure_leaves_nothing_half_made_and_a_retry_finishes(
    monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: object
) -> None:
    def broken(**kwargs: object) -> User:
        raise RuntimeError("the mail server refused the administrator's address")

    monkeypatch.setattr(provisioning, "_admin_create", broken)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        school = _ask()
    school.refresh_from_db()
    assert school.status == School.Status.FAILED
    assert "refused the administrator" in school.status_reason
    assert not schema_exists(school.schema_name)
    assert not Domain.objects.filter(tenant=school).exists()
    assert not Subscription.objects.filter(school=school).exists()
    assert mail.outbox == []

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        provisioning.provision_retry(school=school, actor=None)
    school.refresh_from_db()
    assert school.status == School.Status.ONBOARDING
    assert schema_exists(school.schema_name)
    assert Provisioning.objects.get(school=school).attempts == 2
    assert len(mail.outbox) == 1


def test_only_a_failed_school_can_be_retried(school_a: School) -> None:
    with pytest.raises(ValidationError, match="Only a school whose provisioning failed"):
        provisioning.provision_retry(school=school_a, actor=None)


def test_the_task_is_idempotent_and_the_sweeper_resumes_a_lost_one() -> None:
    school = _ask()  # the task was never sent (no on_commit run): as if the broker lost it
    assert provisioning.provisioning_sweep() == 0  # not stale yet
    School.objects.filter(pk=school.pk).update(
        updated_at=school.updated_at - provisioning.STALE_AFTER * 2
    )
    assert provisioning.provisioning_sweep() == 1
    assert provisioning.school_provision(school_id=school.pk) == "made"
    # A second copy of the task (redelivery) does nothing.
    assert provisioning.school_provision(school_id=school.pk) == "skipped"
    assert Domain.objects.filter(tenant=school).count() == 1


def test_a_worker_that_died_mid_way_left_the_school_provisioning_and_it_is_finished() -> None:
    school = _ask()
    School.objects.filter(pk=school.pk).update(status=School.Status.PROVISIONING)
    assert provisioning.school_provision(school_id=school.pk) == "made"
    school.refresh_from_db()
    assert school.status == School.Status.ONBOARDING


def test_slug_suggestion_from_a_vietnamese_name() -> None:
    assert provisioning.slug_suggest("THCS Đống Đa – Cầu Giấy") == "thcs-dong-da-cau-giay"
