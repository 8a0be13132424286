"""Plan a pupil list: pupils matched by their national identifier (mã định danh), placed in
their class of the current school year, with their father, mother or guardian.

- A new identifier creates the pupil and enrols them in the class from the first day of the
  school year.
- A known identifier updates what differs (name, birth date, sex, ethnicity, address); an
  empty cell, or a column the file does not have, leaves the value as it is.
- A pupil in another class of the current year is moved: the old enrolment ends yesterday and
  the new one starts today (as a move on the class page does); if the old one has not started
  yet, it simply changes class.
- Guardians are found or created as plans.guardian_book explains; siblings share them.
Pupils missing from the file are left alone: an import never deletes or ends anything else.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from core_school.academics.models import Enrolment, SchoolClass, SchoolYear
from core_school.dataimport.cells import (
    cell_date,
    cell_ethnicity,
    cell_identifier,
    cell_phone,
    cell_sex,
    header_key,
)
from core_school.dataimport.exceptions import ImportFileError
from core_school.dataimport.plans.common import Plan, RowReader, difference, duplicate_check
from core_school.dataimport.plans.guardian_book import GuardianBook
from core_school.dataimport.table import Table
from core_school.people.models import Guardianship, Pupil

EARLIEST_BIRTH = datetime.date(1950, 1, 1)
# The guardian columns of a pupil list, in the order their links are made (the first link
# of a pupil without a primary contact becomes it).
GUARDIAN_SLOTS = [
    (Guardianship.Relationship.MOTHER, "mother_name", "mother_phone"),
    (Guardianship.Relationship.FATHER, "father_name", "father_phone"),
    (Guardianship.Relationship.GUARDIAN, "guardian_name", "guardian_phone"),
]
PUPIL_FIELDS = ["full_name", "birth_date", "sex", "ethnicity", "address"]


def class_key(name: str) -> str:
    """ "Lớp 6A1", "6a1" and "6 A1" name one class."""
    key = header_key(name)
    return key.removeprefix("lop") if key != "lop" else key


def current_year() -> SchoolYear:
    """The current school year. Raises ImportFileError when the school has none."""
    year = SchoolYear.objects.filter(is_current=True).first()
    if year is None:
        raise ImportFileError(_("The school has no current school year: open one first."))
    return year


def pupils_plan(table: Table) -> Plan:
    """What importing `table` (a pupil list) would do. Reads the school in a fixed number of
    queries (classes, pupils, their enrolments, guardians, their links)."""
    plan = Plan(counts={"create": 0, "update": 0, "unchanged": 0})
    year = current_year()
    today = timezone.localdate()
    classes = {class_key(c.name): c for c in SchoolClass.objects.filter(school_year=year)}
    identifiers = []
    for row in table.rows:
        try:
            identifiers.append(cell_identifier(row.cells.get("national_id")))
        except ValueError:
            continue
    existing = {p.national_id: p for p in Pupil.objects.filter(national_id__in=identifiers)}
    enrolments = {
        e.pupil_id: e
        for e in Enrolment.objects.filter(
            pupil__in=existing.values(), ends_on__isnull=True, school_class__school_year=year
        )
        .select_related("school_class")
        .order_by("starts_on", "pk")
    }
    maps = {id(row.columns): row.columns for row in table.rows}.values()
    with_guardians = any(
        slot in columns.columns
        for columns in maps
        for _rel, name, phone in GUARDIAN_SLOTS
        for slot in (name, phone)
    )
    book = GuardianBook(pupil_ids=[p.pk for p in existing.values()]) if with_guardians else None

    new_pupils: list[Pupil] = []
    changed_pupils: dict[int, Pupil] = {}
    new_enrolments: list[Enrolment] = []
    ended: list[Enrolment] = []
    moved_in_place: list[Enrolment] = []
    seen: dict[str, str] = {}
    for row in table.rows:
        reader = RowReader(row, plan.problems)
        national_id = reader.parse("national_id", cell_identifier, required=True) or ""
        duplicate_check(seen, national_id, reader, "national_id", what=_lazy("The identifier"))
        full_name = reader.full_name()
        birth_date = reader.parse(
            "birth_date",
            lambda v: cell_date(v, earliest=EARLIEST_BIRTH, latest=today),
            required=True,
        )
        sex = reader.parse("sex", cell_sex, required=True)
        ethnicity = reader.parse("ethnicity", cell_ethnicity)
        address = reader.text("address", max_length=255)
        class_name = reader.text("class_name", required=True, max_length=20)
        school_class = classes.get(class_key(class_name)) if class_name else None
        if class_name and school_class is None:
            reader.problem(
                "class_name",
                _("there is no class %(name)s in %(year)s: import the classes first.")
                % {"name": class_name, "year": year.name},
            )
        guardians = []
        for relationship, name_field, phone_field in GUARDIAN_SLOTS:
            name = reader.text(name_field, max_length=150)
            phone = reader.parse(phone_field, cell_phone) or ""
            if phone and not name:
                reader.problem(phone_field, _("a phone number without a name."))
            if name:
                guardians.append((relationship, name, phone, name_field, phone_field))
        if not reader.ok or birth_date is None or sex is None or school_class is None:
            continue

        pupil = existing.get(national_id)
        fields: list[str] = []
        if pupil is None:
            pupil = Pupil(
                national_id=national_id,
                full_name=full_name,
                birth_date=birth_date,
                sex=sex,
                ethnicity=ethnicity or "Kinh",
                address=address,
            )
            new_pupils.append(pupil)
            new_enrolments.append(
                Enrolment(pupil=pupil, school_class=school_class, starts_on=year.starts_on)
            )
        else:
            wanted = {
                "full_name": full_name,
                "birth_date": birth_date,
                "sex": sex,
                "ethnicity": ethnicity or pupil.ethnicity,
                "address": address or pupil.address,
            }
            for attribute in PUPIL_FIELDS:
                if getattr(pupil, attribute) != wanted[attribute]:
                    fields.append(
                        difference(
                            reader.header(attribute), getattr(pupil, attribute), wanted[attribute]
                        )
                    )
                    setattr(pupil, attribute, wanted[attribute])
                    changed_pupils[pupil.pk] = pupil
            fields += _place(
                pupil,
                school_class,
                current=enrolments.get(pupil.pk),
                year=year,
                today=today,
                reader=reader,
                new_enrolments=new_enrolments,
                ended=ended,
                moved_in_place=moved_in_place,
                plan=plan,
            )
        if book is not None:
            for relationship, name, phone, name_field, phone_field in guardians:
                outcome = book.resolve(
                    pupil=pupil,
                    relationship=relationship,
                    name=name,
                    phone=phone,
                    email="",
                    reader=reader,
                    columns={"name": name_field, "phone": phone_field, "email": name_field},
                )
                fields += outcome.changes
                if outcome.linked and pupil.pk is not None:
                    fields.append(_("linked to %(name)s") % {"name": name})
        if pupil.pk is None:
            plan.count("create")
        elif fields:
            plan.count("update")
            plan.change(row, key=national_id, name=full_name, fields=fields)
        else:
            plan.count("unchanged")

    plan.counts["enrolments_created"] = len(new_enrolments)
    plan.counts.setdefault("moves", 0)
    if book is not None:
        plan.counts["guardians_created"] = len(book.new_guardians)
        plan.counts["guardians_updated"] = len(book.updated_guardians)
        plan.counts["links_created"] = len(book.new_links)

    def apply() -> None:
        Pupil.objects.bulk_create(new_pupils, batch_size=1000)
        if changed_pupils:
            Pupil.objects.bulk_update(list(changed_pupils.values()), PUPIL_FIELDS, batch_size=1000)
        if ended:
            Enrolment.objects.bulk_update(ended, ["ends_on", "end_reason"], batch_size=1000)
        if moved_in_place:
            Enrolment.objects.bulk_update(moved_in_place, ["school_class"], batch_size=1000)
        Enrolment.objects.bulk_create(new_enrolments, batch_size=1000)
        if book is not None:
            book.write()

    plan.apply = apply
    return plan


def _place(
    pupil: Pupil,
    school_class: SchoolClass,
    *,
    current: Enrolment | None,
    year: SchoolYear,
    today: datetime.date,
    reader: RowReader,
    new_enrolments: list[Enrolment],
    ended: list[Enrolment],
    moved_in_place: list[Enrolment],
    plan: Plan,
) -> list[str]:
    """Enrol an existing pupil in `school_class`, or move them there; the changes, described."""
    if current is None:
        new_enrolments.append(
            Enrolment(pupil=pupil, school_class=school_class, starts_on=max(year.starts_on, today))
        )
        return [_("enrolled in %(class)s") % {"class": school_class.name}]
    if current.school_class_id == school_class.pk:
        return []
    old_name = current.school_class.name
    if current.starts_on >= today:
        current.school_class = school_class
        moved_in_place.append(current)
    elif today > year.ends_on:
        reader.problem(
            "class_name",
            _("the pupil is in %(old)s and school year %(year)s has ended: no move now.")
            % {"old": old_name, "year": year.name},
        )
        return []
    else:
        current.ends_on = today - datetime.timedelta(days=1)
        current.end_reason = _("moved to %(class)s") % {"class": school_class.name}
        ended.append(current)
        new_enrolments.append(Enrolment(pupil=pupil, school_class=school_class, starts_on=today))
    plan.count("moves")
    return [difference(reader.header("class_name"), old_name, school_class.name)]
