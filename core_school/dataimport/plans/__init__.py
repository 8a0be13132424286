"""Plans: what importing a list would create, update or leave unchanged, and the writes.

One module per kind of list. Each reads the school in a fixed number of queries (no query per
row), reports every problem of every row, and writes in bulk when applied.
"""

from collections.abc import Callable

from core_school.dataimport.layouts import Kind
from core_school.dataimport.plans.classes import classes_plan
from core_school.dataimport.plans.common import Plan
from core_school.dataimport.plans.guardians import guardians_plan
from core_school.dataimport.plans.pupils import pupils_plan
from core_school.dataimport.plans.staff import staff_plan
from core_school.dataimport.table import Table

PLANNERS: dict[Kind, Callable[[Table], Plan]] = {
    Kind.PUPILS: pupils_plan,
    Kind.STAFF: staff_plan,
    Kind.CLASSES: classes_plan,
    Kind.GUARDIANS: guardians_plan,
}


def plan_make(table: Table) -> Plan:
    """The plan for `table`, problems of the file's reading included."""
    plan = PLANNERS[table.kind](table)
    plan.problems[:0] = table.problems
    return plan


__all__ = ["PLANNERS", "Plan", "plan_make"]
