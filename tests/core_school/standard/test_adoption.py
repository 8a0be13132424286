"""Adopting a newer standard in a school: the preview lists exactly what changes, with the
classes, mark sheets and records affected; adoption is one transaction; the services read the
grading flags from the adopted copy."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from core_school.academics.models import SchoolClass, SchoolYear, Subject, SubjectGradePlan
from core_school.assessment import rules
from core_school.assessment import services as assessment_services
from core_school.assessment.models import MarkSheet, YearOutcome
from core_school.people.access import Actor
from core_school.people.models import Pupil
from core_school.standard.models import AdoptedStandard
from core_school.standard.selectors import adopted_standard, rules_config, standard_flags
from onboarding import standards_adoption
from standards.diff import CodeSetChange, FlagChange
from tenants.models import School
from tests.standards.helpers import subject_of, version_publish_with


def _version_2(content: dict[str, Any]) -> None:
    """Rename TOAN, remove GDDP, CN grade 8: 52 → 105 periods, adjustment by replacement,
    a new attendance code, ethnicity narrowed to Kinh."""
    subject_of(content, "TOAN")["names"]["vi"] = "Toán học"
    content["subjects"] = [s for s in content["subjects"] if s["code"] != "GDDP"]
    subject_of(content, "CN")["periods"]["8"] = 105
    content["grading"]["adjustment_mode"] = "replacement"
    content["attendance_codes"].append(
        {"code": "sick", "names": {"vi": "Ốm", "en": "Sick", "fr": "Malade"}}
    )
    rule = next(r for r in content["data_dictionary"]["pupil"] if r["field"] == "ethnicity")
    rule["allowed"] = ["Kinh"]


def test_the_demo_school_follows_version_1(in_school_a: School) -> None:
    adopted = adopted_standard()
    assert adopted is not None
    assert adopted.version == 1
    assert rules_config() == rules.DEFAULT_CONFIG


def test_the_preview_lists_exactly_each_change_with_what_it_affects(
    in_school_a: School,
) -> None:
    # given
    version = version_publish_with(_version_2)
    connection.set_tenant(in_school_a)
    year = SchoolYear.objects.get(is_current=True)
    toan, gddp, cn = (Subject.objects.get(code=c) for c in ("TOAN", "GDDP", "CN"))
    # when
    preview = standards_adoption.adoption_preview(version=version)
    # then: the subjects, with their assignments and mark sheets
    assert [(s.code, s.kind, s.old, s.new) for s in preview.subjects] == [
        ("TOAN", "renamed", "Toán (Toán)", "Toán học (Toán)"),
        ("GDDP", "removed", "Nội dung giáo dục của địa phương (GDĐP)", ""),
    ]
    removed = preview.subjects[1]
    assert removed.assignments == gddp.assignments.count() > 0
    assert removed.mark_sheets == MarkSheet.objects.filter(subject=gddp).count() > 0
    assert preview.subjects[0].mark_sheets == MarkSheet.objects.filter(subject=toan).count()
    # the periods: one subject, one grade, with the regular marks and what it touches
    [period] = preview.periods
    assert (period.code, period.grade, period.old, period.new) == ("CN", 8, 52, 105)
    assert (period.regular_old, period.regular_new) == (3, 4)
    assert period.classes == SchoolClass.objects.filter(school_year=year, grade=8).count() > 0
    assert (
        period.mark_sheets
        == MarkSheet.objects.filter(
            subject=cn, school_class__grade=8, school_class__school_year=year
        ).count()
    )
    # the flags and the code sets
    assert preview.flags == [FlagChange("adjustment_mode", "removal", "replacement")]
    assert preview.code_sets == [CodeSetChange("attendance_codes", ("sick",), (), ())]
    # the data dictionary: the pupils who are not Kinh would newly fail
    [rule] = preview.rules
    assert (rule.record, rule.field) == ("pupil", "ethnicity")
    assert rule.newly_failing == Pupil.objects.exclude(ethnicity="Kinh").count() > 0
    # and GDDP, still taught, blocks the adoption
    assert len(preview.blockers) == 1
    assert "Nội dung giáo dục của địa phương" in preview.blockers[0]


def test_a_blocked_adoption_changes_nothing(in_school_a: School) -> None:
    version = version_publish_with(_version_2)
    connection.set_tenant(in_school_a)
    with pytest.raises(ValidationError, match="cannot be removed"):
        standards_adoption.standard_adopt_here(version=version, actor=None)
    assert Subject.objects.get(code="TOAN").name == "Toán"
    assert adopted_standard().version == 1  # type: ignore[union-attr]


def _adoptable(content: dict[str, Any]) -> None:
    """Version 2 without removing a subject in use: rename, periods, a new subject, a flag."""
    _version_2(content)
    content["subjects"].append(dict(subject_of(content, "TIN"), code="GDDP"))
    subject_of(content, "GDDP")["names"] = {
        "vi": "Giáo dục địa phương",
        "en": "Local education",
        "fr": "Éducation locale",
    }
    subject_of(content, "GDDP")["mode"] = "comment"
    subject_of(content, "GDDP")["short_name"] = "GDĐP"
    subject_of(content, "GDDP")["periods"] = dict.fromkeys(("6", "7", "8", "9"), 35)
    content["subjects"].append(
        {
            "code": "KNS",
            "names": {"vi": "Kĩ năng sống", "en": "Life skills", "fr": "Compétences de vie"},
            "short_name": "KNS",
            "mode": "comment",
            "periods": {"6": 35, "7": 35},
        }
    )


def test_adoption_applies_every_change_in_one_go(in_school_a: School, principal: Actor) -> None:
    # given: a school-made subject nobody uses, which the standard does not have
    Subject.objects.create(code="XYZ", name="Thử", short_name="Thử", mode="comment")
    version = version_publish_with(_adoptable)
    connection.set_tenant(in_school_a)
    preview = standards_adoption.adoption_preview(version=version)
    assert preview.blockers == []
    assert {(s.code, s.kind) for s in preview.subjects} == {
        ("TOAN", "renamed"),
        ("GDDP", "renamed"),
        ("KNS", "added"),
        ("XYZ", "removed"),
    }
    # when
    adopted = standards_adoption.standard_adopt_here(version=version, actor=principal.user)
    # then
    assert adopted.version == 2
    assert adopted.adopted_by == principal.user
    assert adopted_standard() == adopted
    assert Subject.objects.get(code="TOAN").name == "Toán học"
    assert not Subject.objects.filter(code="XYZ").exists()
    kns = Subject.objects.get(code="KNS")
    assert sorted(kns.grade_plans.values_list("grade", "periods_per_year")) == [(6, 35), (7, 35)]
    assert SubjectGradePlan.objects.get(subject__code="CN", grade=8).periods_per_year == 105
    assert list(Subject.objects.values_list("code", flat=True))[-1] == "KNS"
    assert rules_config().adjustment_mode == rules.AdjustmentMode.REPLACEMENT
    # and nothing is left to adopt, nothing changes when previewed again
    assert standards_adoption.newer_version_for_school() is None
    assert standards_adoption.adoption_preview(version=version).is_empty


def test_a_failure_during_adoption_leaves_nothing_changed(
    in_school_a: School, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given
    Subject.objects.create(code="XYZ", name="Thử", short_name="Thử", mode="comment")
    version = version_publish_with(_adoptable)
    connection.set_tenant(in_school_a)

    def fail(**kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(AdoptedStandard.objects, "create", fail)
    # when: the last step fails, after the subjects were written
    with pytest.raises(RuntimeError, match="disk full"):
        standards_adoption.standard_adopt_here(version=version, actor=None)
    # then: the subjects and periods are as before
    assert Subject.objects.get(code="TOAN").name == "Toán"
    assert Subject.objects.filter(code="XYZ").exists()
    assert not Subject.objects.filter(code="KNS").exists()
    assert SubjectGradePlan.objects.get(subject__code="CN", grade=8).periods_per_year == 52
    assert adopted_standard().version == 1  # type: ignore[union-attr]


def test_a_draft_cannot_be_adopted(in_school_a: School) -> None:
    from accounts.models import User
    from standards import services

    connection.set_schema_to_public()
    draft = services.draft_create(actor=User.objects.get(username="so.hanoi"))
    connection.set_tenant(in_school_a)
    with pytest.raises(ValidationError, match="published"):
        standards_adoption.standard_adopt_here(version=draft, actor=None)


def test_the_awards_follow_the_adopted_flag(
    school_b: School, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given: last year's results of the small school, with the national flags
    connection.set_tenant(school_b)
    year = SchoolYear.objects.get(is_current=False)
    assessment_services.results_compute_year(school_year=year)
    awarded = YearOutcome.objects.filter(school_year=year, stage="initial").exclude(award="")
    assert awarded.count() > 0
    # when: the school adopts a version without awards
    connection.set_schema_to_public()
    version = version_publish_with(lambda c: c["grading"].update(awards_enabled=False))
    standards_adoption.standard_adopt(school=school_b, version=version)
    connection.set_tenant(school_b)
    assert standard_flags()["awards_enabled"] is False
    assessment_services.results_compute_year(school_year=year)
    # then: the same data gives no award
    assert not YearOutcome.objects.filter(school_year=year, stage="initial").exclude(award="")
