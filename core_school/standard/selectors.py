"""Reads of the school's adopted standard. Runs inside the current school's schema.

The services read the grading flags from here (one query per call; a computation calls it
once), not from constants: `rules_config()` turns the adopted flags into the rules' config.
A schema that has adopted nothing yet (the template) gets the national defaults.
"""

import dataclasses
from typing import Any

from core_school.assessment.rules import DEFAULT_CONFIG, RulesConfig
from core_school.standard.models import AdoptedStandard

_CONFIG_FIELDS = frozenset(f.name for f in dataclasses.fields(RulesConfig))


def adopted_standard() -> AdoptedStandard | None:
    """The school's standard: the newest adoption (None before the first)."""
    return AdoptedStandard.objects.order_by("-adopted_at", "-pk").first()


def standard_flags(*, adopted: AdoptedStandard | None = None) -> dict[str, Any]:
    """The grading flags of the adopted standard (DOMAIN.md §5); the defaults before any."""
    adopted = adopted if adopted is not None else adopted_standard()
    flags = dataclasses.asdict(DEFAULT_CONFIG)
    if adopted is not None:
        flags.update(
            {k: v for k, v in adopted.content.get("grading", {}).items() if k in _CONFIG_FIELDS}
        )
    return flags


def rules_config(*, adopted: AdoptedStandard | None = None) -> RulesConfig:
    """The rules' configuration from the adopted flags (one query unless `adopted` is given)."""
    return RulesConfig(**standard_flags(adopted=adopted))
