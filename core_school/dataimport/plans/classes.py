"""Plan a class list: classes of the current school year matched by name ("6a1" is 6A1),
created or updated (grade, homeroom teacher, maximum size). The homeroom teacher (GVCN) is
found by staff code, or else by name (which must be unique among the staff); a teacher with an
account gets the homeroom-teacher role. Classes are never deleted or renamed by an import."""

import re

from django.contrib.auth.models import Group
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts.models import User
from accounts.roles import Role
from core_school.academics.models import SchoolClass
from core_school.dataimport.cells import CellError, cell_identifier, cell_text, name_key
from core_school.dataimport.plans.common import Plan, RowReader, difference, duplicate_check
from core_school.dataimport.plans.pupils import class_key, current_year
from core_school.dataimport.table import Table
from core_school.people.models import StaffMember

GRADES = range(6, 10)  # THCS
CLASS_FIELDS = ["grade", "homeroom_teacher", "max_size"]


def cell_grade(value: object) -> int:
    """A grade of lower secondary school, 6 to 9 ("Khối 6" is read as 6)."""
    text = cell_text(value)
    found = re.search(r"\d+", text)
    if found is None or int(found.group()) not in GRADES:
        raise CellError(_("%(value)s is not a grade of this school (6 to 9).") % {"value": text})
    return int(found.group())


def cell_size(value: object) -> int:
    text = cell_text(value)
    if not text.isdigit() or not 1 <= int(text) <= 99:
        raise CellError(_("%(value)s is not a class size (1 to 99).") % {"value": text})
    return int(text)


def classes_plan(table: Table) -> Plan:
    """What importing `table` (a class list) would do; three queries (year, classes, staff)."""
    plan = Plan(counts={"create": 0, "update": 0, "unchanged": 0})
    year = current_year()
    existing = {class_key(c.name): c for c in SchoolClass.objects.filter(school_year=year)}
    staff = list(StaffMember.objects.only("pk", "staff_code", "full_name", "user_id"))
    by_code = {s.staff_code: s for s in staff}
    by_name: dict[str, list[StaffMember]] = {}
    for member in staff:
        by_name.setdefault(name_key(member.full_name), []).append(member)
    names = {s.pk: s.full_name for s in staff}
    new: list[SchoolClass] = []
    changed: dict[int, SchoolClass] = {}
    homeroom_users: set[int] = set()
    seen: dict[str, str] = {}
    for row in table.rows:
        reader = RowReader(row, plan.problems)
        name = reader.text("class_name", required=True, max_length=20)
        duplicate_check(seen, class_key(name), reader, "class_name", what=_lazy("The class"))
        grade = reader.parse("grade", cell_grade)
        if name and grade is None and reader.ok:
            try:
                grade = cell_grade(name)
            except CellError:
                reader.problem(
                    "class_name" if not reader.has("grade") else "grade",
                    _("the grade of %(name)s is unknown: give it (6 to 9) in a column Khối.")
                    % {"name": name},
                )
        teacher = _homeroom(reader, by_code=by_code, by_name=by_name)
        max_size = reader.parse("max_size", cell_size)
        if not reader.ok or grade is None:
            continue
        if teacher is not None and teacher.user_id:
            homeroom_users.add(teacher.user_id)
        school_class = existing.get(class_key(name))
        if school_class is None:
            new.append(
                SchoolClass(
                    school_year=year,
                    grade=grade,
                    name=name,
                    homeroom_teacher=teacher,
                    max_size=max_size or 45,
                )
            )
            plan.count("create")
            continue
        fields = []
        if school_class.grade != grade:
            fields.append(difference(reader.header("grade"), school_class.grade, grade))
            school_class.grade = grade
        if teacher is not None and school_class.homeroom_teacher_id != teacher.pk:
            fields.append(
                difference(
                    _("homeroom teacher"),
                    names.get(school_class.homeroom_teacher_id or 0, ""),
                    teacher.full_name,
                )
            )
            school_class.homeroom_teacher = teacher
        if max_size is not None and school_class.max_size != max_size:
            fields.append(difference(reader.header("max_size"), school_class.max_size, max_size))
            school_class.max_size = max_size
        if fields:
            changed[school_class.pk] = school_class
            plan.count("update")
            plan.change(row, key=school_class.name, name=school_class.name, fields=fields)
        else:
            plan.count("unchanged")

    def apply() -> None:
        SchoolClass.objects.bulk_create(new, batch_size=1000)
        if changed:
            SchoolClass.objects.bulk_update(list(changed.values()), CLASS_FIELDS, batch_size=1000)
        if homeroom_users:
            group = Group.objects.get(name=Role.HOMEROOM_TEACHER.value)
            have = set(
                User.groups.through.objects.filter(
                    group=group, user_id__in=homeroom_users
                ).values_list("user_id", flat=True)
            )
            User.groups.through.objects.bulk_create(
                [
                    User.groups.through(user_id=user_id, group_id=group.pk)
                    for user_id in sorted(homeroom_users - have)
                ]
            )

    plan.apply = apply
    return plan


def _homeroom(
    reader: RowReader,
    *,
    by_code: dict[str, StaffMember],
    by_name: dict[str, list[StaffMember]],
) -> StaffMember | None:
    code = reader.parse("homeroom_code", cell_identifier)
    if code:
        member = by_code.get(code)
        if member is None:
            reader.problem(
                "homeroom_code",
                _("no member of staff has the code %(code)s: import the staff first.")
                % {"code": code},
            )
        return member
    name = reader.text("homeroom_name", max_length=150)
    if not name:
        return None
    found = by_name.get(name_key(name), [])
    if len(found) == 1:
        return found[0]
    if not found:
        reader.problem(
            "homeroom_name",
            _("no member of staff is named %(name)s: import the staff first.") % {"name": name},
        )
    else:
        reader.problem(
            "homeroom_name",
            _("%(n)s members of staff are named %(name)s: give the staff code instead.")
            % {"n": len(found), "name": name},
        )
    return None
