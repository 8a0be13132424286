"""The Circular 22/2021/TT-BGDĐT assessment rules for lower-secondary schools (THCS).

Pure Python: standard library only, no Django, no schema and no database; runs anywhere, in a
school's schema, the public one or none. Services and acceptance tests call these functions
directly. Scores are ``Decimal`` with one decimal place (strings such as "7.5" are accepted)
and all arithmetic is exact, in integer tenths. Invalid input raises ``ValueError`` (or
``TypeError`` for a wrong Python type) with a short English message naming the value and why.

Modules: ``config`` (the §5 flags), ``scores`` (§1.3–§1.7), ``comments`` (§1.8), ``levels``
(§1.9–§1.11) and ``outcomes`` (§1.14–§1.15) of shared/DOMAIN.md.
"""

from core_school.assessment.rules.comments import (
    COMMENT_ASSESSMENTS_PER_TERM,
    comment_term_result,
    comment_year_result,
)
from core_school.assessment.rules.config import (
    DEFAULT_CONFIG,
    AbsenceUnit,
    AdjustmentMode,
    MissingPolicy,
    RulesConfig,
)
from core_school.assessment.rules.levels import (
    Level,
    LevelResult,
    computed_learning_level,
    conduct_year,
    learning_level,
)
from core_school.assessment.rules.outcomes import (
    Award,
    Decision,
    Outcome,
    Reason,
    award,
    reassess_subjects,
    year_outcome,
    year_outcome_after_reassessment,
    year_outcome_after_summer_training,
)
from core_school.assessment.rules.scores import (
    ScoreInput,
    n_regular,
    parse_score,
    round_half_up,
    round_score,
    term_average,
    validate_score,
    year_average,
)

__all__ = [
    "COMMENT_ASSESSMENTS_PER_TERM",
    "DEFAULT_CONFIG",
    "AbsenceUnit",
    "AdjustmentMode",
    "Award",
    "Decision",
    "Level",
    "LevelResult",
    "MissingPolicy",
    "Outcome",
    "Reason",
    "RulesConfig",
    "ScoreInput",
    "award",
    "comment_term_result",
    "comment_year_result",
    "computed_learning_level",
    "conduct_year",
    "learning_level",
    "n_regular",
    "parse_score",
    "reassess_subjects",
    "round_half_up",
    "round_score",
    "term_average",
    "validate_score",
    "year_average",
    "year_outcome",
    "year_outcome_after_reassessment",
    "year_outcome_after_summer_training",
]
