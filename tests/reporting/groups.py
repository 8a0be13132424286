"""The groups of published cells that sum to another published figure, built from the public
rows alone (as someone reading the reports would), to check that no suppressed cell can be
recovered by subtraction."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from reporting.models import Figure

# Metrics whose cells (bands, levels, decisions) of one group add up to its denominator.
DISTRIBUTIONS = {"mark_band", "learning_level", "conduct_level", "promotion"}

# A part of a sum: one cell, or a distribution group's cells together (their denominator is
# readable while any of them is published).
Part = list[Figure]


def _hidden(part: Part) -> bool:
    return all(f.suppressed for f in part)


@dataclass
class Group:
    name: str
    members: list[Part]
    total: Part | None  # None: the denominator the group's cells publish

    @property
    def total_hidden(self) -> bool:
        if self.total is not None:
            return _hidden(self.total)
        return all(_hidden(m) for m in self.members)

    @property
    def hidden(self) -> int:
        return sum(_hidden(m) for m in self.members)

    @property
    def figures(self) -> list[Figure]:
        return [f for part in [*self.members, *([self.total] if self.total else [])] for f in part]


def groups(figures: Iterable[Figure]) -> list[Group]:
    """Grades within the school's cell, sexes within the all-sexes cell, the categories of a
    distribution within their denominator, and the grades' denominators within the school's;
    per published period (figure set)."""
    cells = {
        (f.figure_set_id, f.metric, f.grade, f.sex, f.subject, f.band, f.level): f for f in figures
    }
    found: dict[tuple[str, tuple], list[Figure]] = defaultdict(list)
    for (period, metric, grade, sex, subject, band, level), figure in cells.items():
        if grade is not None:
            found[("grade", (period, metric, None, sex, subject, band, level))].append(figure)
        if sex:
            found[("sex", (period, metric, grade, "", subject, band, level))].append(figure)
        if metric in DISTRIBUTIONS:
            found[("category", (period, metric, grade, sex, subject))].append(figure)
    result = []
    denominators: dict[tuple, list[Part]] = defaultdict(list)
    for (kind, key), members in found.items():
        if kind == "category":
            result.append(Group(f"{kind} {key}", [[f] for f in members], None))
            period, metric, grade, sex, subject = key
            if grade is not None:
                denominators[(period, metric, None, sex, subject)].append(members)
        elif key in cells:
            result.append(Group(f"{kind} {key}", [[f] for f in members], [cells[key]]))
    for key, parts in denominators.items():
        school = found.get(("category", key))
        if school:
            result.append(Group(f"denominator {key}", parts, school))
    return result


def recoverable(figures: Iterable[Figure]) -> list[str]:
    """The groups where exactly one part is suppressed while their total is published: that
    part is the total minus the others."""
    return [g.name for g in groups(figures) if g.hidden == 1 and not g.total_hidden]
