"""A new school adopts the newest published standard while it is made."""

import pytest
from django_tenants.utils import tenant_context

from core_school.academics.models import Subject
from core_school.standard.selectors import adopted_standard, rules_config
from onboarding import provisioning
from onboarding.models import Provisioning
from tenants.models import Authority, School
from tests.standards.helpers import subject_of, version_publish_with

pytestmark = pytest.mark.django_db


def test_a_provisioned_school_adopts_the_current_version(
    django_capture_on_commit_callbacks: object,
) -> None:
    # given: version 2 renames a subject and changes a flag
    def change(content: dict[str, object]) -> None:
        subject_of(content, "TIN")["names"]["vi"] = "Tin học và công nghệ số"  # type: ignore[arg-type]
        content["grading"]["missing_policy"] = "zero"  # type: ignore[index]

    version_publish_with(change)
    # when
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        school = provisioning.school_request(
            name="THCS Mai Dịch",
            code="01013598",
            slug="maidich",
            authority=Authority.objects.get(code="00167"),
            admin_name="Phạm Văn An",
            admin_email="an@maidich.example",
            actor=None,
        )
    school.refresh_from_db()
    # then
    assert school.status == School.Status.ONBOARDING, school.status_reason
    assert Provisioning.objects.get(school=school).standards_version == "2"
    with tenant_context(school):
        adopted = adopted_standard()
        assert adopted is not None
        assert adopted.version == 2
        assert Subject.objects.get(code="TIN").name == "Tin học và công nghệ số"
        assert rules_config().missing_policy == "zero"
