"""The §5 configuration flags."""

import dataclasses

import pytest

from core_school.assessment import rules
from core_school.assessment.rules import AbsenceUnit, AdjustmentMode, MissingPolicy, RulesConfig


def test_rules_config_defaults_are_those_of_domain_section_5() -> None:
    # given / when
    config = RulesConfig()

    # then
    assert dataclasses.asdict(config) == {
        "adjustment_mode": AdjustmentMode.REMOVAL,
        "missing_policy": MissingPolicy.BLOCK,
        "awards_enabled": True,
        "max_absences": 45,
        "reassessment_replaces_even_if_lower": True,
        "nghe_thuat_split": True,
        "elective_counts": True,
        "absence_unit": AbsenceUnit.OFFICIAL_SESSION,
        "max_class_size": 45,
    }


def test_default_config_is_the_default_rules_config() -> None:
    # given / when / then
    assert RulesConfig() == rules.DEFAULT_CONFIG


def test_rules_config_turns_strings_into_enum_members() -> None:
    # given / when
    config = RulesConfig(
        adjustment_mode="replacement", missing_policy="zero", absence_unit="calendar_day"
    )

    # then
    assert (config.adjustment_mode, config.missing_policy, config.absence_unit) == (
        AdjustmentMode.REPLACEMENT,
        MissingPolicy.ZERO,
        AbsenceUnit.CALENDAR_DAY,
    )


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("adjustment_mode", "strict", "AdjustmentMode 'strict' is not one of"),
        ("missing_policy", "ignore", "MissingPolicy 'ignore' is not one of"),
        ("absence_unit", "hour", "AbsenceUnit 'hour' is not one of"),
        ("max_absences", -1, "max_absences -1 must be a non-negative integer"),
        ("max_class_size", "45", "max_class_size '45' must be a non-negative integer"),
    ],
)
def test_rules_config_rejects_invalid_values(field: str, value: object, message: str) -> None:
    # given / when / then
    with pytest.raises(ValueError, match=message):
        RulesConfig(**{field: value})  # type: ignore[arg-type]


def test_rules_config_rejects_a_non_bool_flag() -> None:
    # given / when / then
    with pytest.raises(TypeError, match="awards_enabled must be a bool"):
        RulesConfig(awards_enabled="no")  # type: ignore[arg-type]


def test_rules_config_is_frozen() -> None:
    # given
    config = RulesConfig()

    # when / then
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.max_absences = 50  # type: ignore[misc]
