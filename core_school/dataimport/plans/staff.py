"""Plan a staff list: members of staff matched by their staff code (mã cán bộ; the ministry's
identifier in its layout), created or updated. Accounts are not opened here and the roles of
existing accounts are not changed; an import never deletes anyone."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from core_school.dataimport.cells import (
    CellError,
    cell_date,
    cell_email,
    cell_identifier,
    cell_phone,
    cell_sex,
    cell_text,
    header_key,
    phone_key,
)
from core_school.dataimport.plans.common import Plan, RowReader, difference, duplicate_check
from core_school.dataimport.table import Table
from core_school.people.models import StaffMember

EARLIEST_BIRTH = datetime.date(1930, 1, 1)
Position = StaffMember.Position

# How lists write a position → ours. Matched without accents, case or spaces.
POSITION_WORDS: dict[str, str] = {
    "hieutruong": Position.PRINCIPAL,
    "hieutruongnhatruong": Position.PRINCIPAL,
    "phohieutruong": Position.VICE_PRINCIPAL,
    "quantrihethong": Position.SCHOOL_ADMIN,
    "quantri": Position.SCHOOL_ADMIN,
    "quantrivien": Position.SCHOOL_ADMIN,
    "canboquantri": Position.SCHOOL_ADMIN,
    "giaovien": Position.TEACHER,
    "gv": Position.TEACHER,
    "giaovienchunhiem": Position.TEACHER,
    "gvcn": Position.TEACHER,
    "totruong": Position.TEACHER,
    "totruongchuyenmon": Position.TEACHER,
    "tophochuyenmon": Position.TEACHER,
    "giaovienbomon": Position.TEACHER,
    "nhanvien": Position.CLERK,
    "vanthu": Position.CLERK,
    "ketoan": Position.CLERK,
    "thuquy": Position.CLERK,
    "yte": Position.CLERK,
    "nhanvienyte": Position.CLERK,
    "thuvien": Position.CLERK,
    "nhanvienthuvien": Position.CLERK,
    "thietbi": Position.CLERK,
    "nhanvienthietbi": Position.CLERK,
    "baove": Position.CLERK,
    "phucvu": Position.CLERK,
    "nhanvienvanphong": Position.CLERK,
}
# What an export writes for each position (read back by POSITION_WORDS).
POSITION_NAMES: dict[str, str] = {
    Position.PRINCIPAL: "Hiệu trưởng",
    Position.VICE_PRINCIPAL: "Phó hiệu trưởng",
    Position.SCHOOL_ADMIN: "Quản trị hệ thống",
    Position.TEACHER: "Giáo viên",
    Position.CLERK: "Nhân viên",
}
# Our own values (principal, vice_principal, …) are read too.
_POSITIONS = POSITION_WORDS | {choice.value.replace("_", ""): choice.value for choice in Position}
STAFF_FIELDS = ["full_name", "sex", "birth_date", "phone", "email", "position", "specialty"]


def cell_position(value: object) -> str:
    """Our position for Hiệu trưởng, Phó hiệu trưởng, Giáo viên, Nhân viên, Văn thư, …"""
    text = cell_text(value)
    position = _POSITIONS.get(header_key(text))
    if position is None:
        raise CellError(
            _(
                "%(value)s is not a position: write Hiệu trưởng, Phó hiệu trưởng, Giáo viên, "
                "Nhân viên or Quản trị hệ thống."
            )
            % {"value": text}
        )
    return position


def staff_plan(table: Table) -> Plan:
    """What importing `table` (a staff list) would do; one query for the staff."""
    plan = Plan(counts={"create": 0, "update": 0, "unchanged": 0})
    today = timezone.localdate()
    existing = {s.staff_code: s for s in StaffMember.objects.all()}
    new: list[StaffMember] = []
    changed: dict[int, StaffMember] = {}
    seen: dict[str, str] = {}
    for row in table.rows:
        reader = RowReader(row, plan.problems)
        code = reader.parse("staff_code", cell_identifier, required=True) or ""
        duplicate_check(seen, code, reader, "staff_code", what=_lazy("The staff code"))
        wanted = {
            "full_name": reader.full_name(),
            "sex": reader.parse("sex", cell_sex, required=True),
            "birth_date": reader.parse(
                "birth_date", lambda v: cell_date(v, earliest=EARLIEST_BIRTH, latest=today)
            ),
            "phone": reader.parse("phone", cell_phone) or "",
            "email": reader.parse("email", cell_email) or "",
            "position": reader.parse("position", cell_position, required=True),
            "specialty": reader.text("specialty", max_length=100),
        }
        if not reader.ok:
            continue
        member = existing.get(code)
        if member is None:
            new.append(StaffMember(staff_code=code, **wanted))
            plan.count("create")
            continue
        fields = []
        for attribute in STAFF_FIELDS:
            value = wanted[attribute]
            old = getattr(member, attribute)
            if value in ("", None) and attribute != "full_name":
                continue  # an empty cell leaves the value as it is
            if attribute == "phone" and phone_key(old) == phone_key(str(value)):
                continue
            if old != value:
                shown = (
                    (POSITION_NAMES[old], POSITION_NAMES[value])
                    if attribute == "position"
                    else (old, value)
                )
                fields.append(difference(reader.header(attribute), *shown))
                setattr(member, attribute, value)
                changed[member.pk] = member
        if fields:
            plan.count("update")
            plan.change(row, key=code, name=member.full_name, fields=fields)
        else:
            plan.count("unchanged")

    def apply() -> None:
        StaffMember.objects.bulk_create(new, batch_size=1000)
        if changed:
            StaffMember.objects.bulk_update(list(changed.values()), STAFF_FIELDS, batch_size=1000)

    plan.apply = apply
    return plan
