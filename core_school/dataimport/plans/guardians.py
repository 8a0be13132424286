"""Plan a guardian list: one row per guardian and child (the child by national identifier,
who must already be a pupil of the school), the guardian found or created as
plans.guardian_book explains, so that siblings share their parents."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from core_school.dataimport.cells import (
    cell_email,
    cell_identifier,
    cell_phone,
    cell_text,
    name_key,
)
from core_school.dataimport.plans.common import Plan, RowReader, duplicate_check
from core_school.dataimport.plans.guardian_book import GuardianBook
from core_school.dataimport.table import Table
from core_school.people.models import Guardianship, Pupil

Relationship = Guardianship.Relationship

# How lists write the relationship → ours (compared with accents: "Bà", a grandmother, is not
# "Ba", a father in the South). Anyone else (ông, bà, anh, chị, cô, dì, …) is a guardian.
RELATIONSHIP_WORDS: dict[str, str] = {
    "cha": Relationship.FATHER,
    "bố": Relationship.FATHER,
    "ba": Relationship.FATHER,
    "father": Relationship.FATHER,
    "mẹ": Relationship.MOTHER,
    "má": Relationship.MOTHER,
    "mother": Relationship.MOTHER,
}
RELATIONSHIP_NAMES: dict[str, str] = {
    Relationship.FATHER: "Cha",
    Relationship.MOTHER: "Mẹ",
    Relationship.GUARDIAN: "Người giám hộ",
}


def cell_relationship(value: object) -> str:
    return RELATIONSHIP_WORDS.get(name_key(cell_text(value)), Relationship.GUARDIAN)


def guardians_plan(table: Table) -> Plan:
    """What importing `table` (a guardian list) would do; three queries (pupils, guardians,
    their links)."""
    plan = Plan(counts={"create": 0, "update": 0, "unchanged": 0})
    identifiers = []
    for row in table.rows:
        try:
            identifiers.append(cell_identifier(row.cells.get("national_id")))
        except ValueError:
            continue
    pupils = {
        p.national_id: p
        for p in Pupil.objects.filter(national_id__in=identifiers).only(
            "pk", "national_id", "full_name"
        )
    }
    book = GuardianBook(pupil_ids=[p.pk for p in pupils.values()])
    seen: dict[str, str] = {}
    for row in table.rows:
        reader = RowReader(row, plan.problems)
        national_id = reader.parse("national_id", cell_identifier, required=True) or ""
        pupil = pupils.get(national_id)
        if national_id and pupil is None:
            reader.problem(
                "national_id",
                _("no pupil has the identifier %(id)s: import the pupils first.")
                % {"id": national_id},
            )
        pupil_name = reader.text("pupil_name", max_length=150)
        if pupil is not None and pupil_name and name_key(pupil_name) != name_key(pupil.full_name):
            reader.problem(
                "pupil_name",
                _("the pupil with identifier %(id)s is %(name)s.")
                % {"id": national_id, "name": pupil.full_name},
            )
        name = reader.text("full_name", required=True, max_length=150)
        duplicate_check(
            seen,
            f"{national_id} · {name_key(name)}" if name else "",
            reader,
            "full_name",
            what=_lazy("The guardian and child"),
        )
        relationship = reader.parse("relationship", cell_relationship) or Relationship.GUARDIAN
        phone = reader.parse("phone", cell_phone) or ""
        email = reader.parse("email", cell_email) or ""
        if not reader.ok or pupil is None:
            continue
        outcome = book.resolve(
            pupil=pupil,
            relationship=relationship,
            name=name,
            phone=phone,
            email=email,
            reader=reader,
            columns={"name": "full_name", "phone": "phone", "email": "email"},
        )
        if outcome.created:
            plan.count("create")
        elif outcome.changed:
            plan.count("update")
            fields = outcome.changes + (
                [_("linked to %(pupil)s") % {"pupil": pupil.full_name}] if outcome.linked else []
            )
            plan.change(row, key=national_id, name=name, fields=fields)
        else:
            plan.count("unchanged")
    plan.counts["guardians_created"] = len(book.new_guardians)
    plan.counts["guardians_updated"] = len(book.updated_guardians)
    plan.counts["links_created"] = len(book.new_links)
    plan.apply = book.write
    return plan
