"""The early-warning rules of a standard: only codes the platform evaluates, with their
parameters."""

import copy

import pytest

from standards import schema
from standards.national import national_content

pytestmark = pytest.mark.usefixtures("english")

# The validator's messages are translated: these tests read the English ones.
pytestmark = pytest.mark.usefixtures("english")


def _problems(rules: list[object]) -> list[str]:
    content = copy.deepcopy(national_content())
    content["early_warning_rules"] = rules
    return [str(p) for p in schema.content_problems(content)]


def test_the_national_rules_are_valid() -> None:
    assert _problems(national_content()["early_warning_rules"]) == []


@pytest.mark.parametrize(
    ("rule", "problem"),
    [
        (
            {"code": "conduct_drop", "levels": 1},
            (
                "early_warning_rules[0].code: conduct_drop is not a rule the platform evaluates "
                "(absences_14d, conduct_notes, subject_drop)"
            ),
        ),
        (
            {"code": "absences_14d", "days": 14},
            "early_warning_rules[0].unexcused_absences: is missing",
        ),
        (
            {"code": "absences_14d", "unexcused_absences": 0, "days": 14},
            "early_warning_rules[0].unexcused_absences: must be a whole number of at least 1",
        ),
        (
            {"code": "conduct_notes", "notes": 2, "days": 1.5},
            "early_warning_rules[0].days: must be a whole number of at least 1",
        ),
        (
            {"code": "subject_drop", "drop": 0},
            "early_warning_rules[0].drop: must be a number above 0",
        ),
        (
            {"code": "subject_drop", "drop": 1.5, "weeks": 2},
            "early_warning_rules[0].weeks: is not a parameter of this rule",
        ),
    ],
)
def test_a_rule_the_platform_cannot_evaluate_is_a_problem(
    rule: dict[str, object], problem: str
) -> None:
    assert _problems([rule]) == [problem]


def test_a_rule_twice_is_a_problem() -> None:
    rule = {"code": "subject_drop", "drop": 1.5}
    assert _problems([rule, rule]) == ["early_warning_rules[1].code: subject_drop appears twice"]
