"""Importing staff, class and guardian lists: created, updated, unchanged the second time; a
row that names what the school does not have is a problem for that row."""

import pytest
from django.contrib.auth.models import Group

from accounts.roles import Role
from core_school.academics.models import SchoolClass
from core_school.dataimport import services
from core_school.people.access import Actor
from core_school.people.models import Guardian, Guardianship, Pupil, StaffMember
from tenants.models import School
from tests.core_school.conftest import actor
from tests.core_school.dataimport.conftest import csv_bytes, school_counts, xlsx_bytes

STAFF_HEADERS = [
    "STT",
    "Mã cán bộ",
    "Họ tên",
    "Ngày sinh",
    "Giới tính",
    "Chức vụ",
    "Môn giảng dạy",
    "Điện thoại",
    "Email",
]


@pytest.fixture
def principal(in_a: School) -> Actor:
    return actor("hieutruong")


def _preview(
    principal: Actor, data: bytes, kind: str, name: str = "ds.xlsx"
) -> services.PreviewResult:
    return services.import_preview(
        actor=principal, kind=kind, layout="auto", file_name=name, data=data
    )


def _import(principal: Actor, data: bytes, kind: str, name: str = "ds.xlsx") -> dict[str, int]:
    result = _preview(principal, data, kind, name)
    assert result.run is not None, [p.as_text() for p in result.preview.problems]
    return services.import_commit(run_id=result.run.pk, actor=principal).counts


def _staff_file(phone: str = "0911 222 333") -> bytes:
    return xlsx_bytes(
        [
            STAFF_HEADERS,
            [
                1,
                "GV900",
                "Đỗ Thị Lan",
                "12/03/1985",
                "Nữ",
                "Giáo viên",
                "Toán",
                phone,
                "lan@truong.vn",
            ],
            [2, "NV901", "Vũ Văn Minh", "", "Nam", "Văn thư", "", "", ""],
            [3, "QT902", "Hà Thu Trang", "1/1/1990", "Nữ", "Quản trị hệ thống", "", "", ""],
        ]
    )


def test_staff_are_created_then_unchanged_then_updated(principal: Actor) -> None:
    # when
    first = _import(principal, _staff_file(), "staff")
    second = _preview(principal, _staff_file(), "staff").preview.counts
    third = _import(principal, _staff_file(phone="0911 444 555"), "staff")
    # then
    lan = StaffMember.objects.get(staff_code="GV900")
    assert first == {"create": 3, "update": 0, "unchanged": 0}
    assert second == {"create": 0, "update": 0, "unchanged": 3}
    assert third == {"create": 0, "update": 1, "unchanged": 2}
    assert (lan.full_name, lan.position, lan.specialty, lan.phone) == (
        "Đỗ Thị Lan",
        "teacher",
        "Toán",
        "0911444555",
    )
    assert StaffMember.objects.get(staff_code="NV901").position == "clerk"
    assert StaffMember.objects.get(staff_code="QT902").position == "school_admin"


def test_staff_with_an_unknown_position_is_a_problem(principal: Actor) -> None:
    data = xlsx_bytes([STAFF_HEADERS, [1, "GV900", "Đỗ Thị Lan", "", "Nữ", "Bảo mẫu", "", "", ""]])
    problems = _preview(principal, data, "staff").preview.problems
    assert [p.as_text() for p in problems] == [
        (
            "row 2, column Chức vụ: Bảo mẫu is not a position: write Hiệu trưởng, Phó hiệu "
            "trưởng, Giáo viên, Nhân viên or Quản trị hệ thống."
        )
    ]


def test_classes_are_created_with_their_homeroom_teacher(principal: Actor) -> None:
    # given: a teacher found by staff code, another by name
    teachers = list(
        StaffMember.objects.filter(position="teacher", user__isnull=False).order_by("pk")[:2]
    )
    data = csv_bytes(
        [
            ["STT", "Tên lớp", "Khối", "Mã GVCN", "Giáo viên chủ nhiệm"],
            [1, "6A15", "6", teachers[0].staff_code, ""],
            [2, "7A15", "", "", teachers[1].full_name],
        ]
    )
    # when
    counts = _import(principal, data, "classes", "lop.csv")
    # then
    six = SchoolClass.objects.get(name="6A15", school_year__is_current=True)
    seven = SchoolClass.objects.get(name="7A15", school_year__is_current=True)
    assert counts == {"create": 2, "update": 0, "unchanged": 0}
    assert (six.grade, six.homeroom_teacher) == (6, teachers[0])
    assert (seven.grade, seven.homeroom_teacher) == (7, teachers[1])
    group = Group.objects.get(name=Role.HOMEROOM_TEACHER.value)
    assert group.user_set.filter(pk=teachers[1].user_id).exists()
    assert _preview(principal, data, "classes", "lop.csv").preview.counts["unchanged"] == 2


def test_a_class_whose_teacher_is_unknown_is_a_problem(principal: Actor) -> None:
    data = xlsx_bytes([["Tên lớp", "Khối", "GVCN"], ["6A15", 6, "Không Có Ai"]])
    before = school_counts()
    result = _preview(principal, data, "classes")
    assert [p.as_text() for p in result.preview.problems] == [
        "row 2, column GVCN: no member of staff is named Không Có Ai: import the staff first."
    ]
    assert result.run is None
    assert school_counts() == before


def _guardian_rows(pupils: list[Pupil]) -> list[list[object]]:
    return [
        [
            "STT",
            "Mã định danh học sinh",
            "Họ tên học sinh",
            "Họ tên phụ huynh",
            "Quan hệ",
            "Số điện thoại",
            "Email",
        ],
        [
            1,
            pupils[0].national_id,
            pupils[0].full_name,
            "Bà Ngoại Thử",
            "Bà ngoại",
            "0355 123 456",
            "ba@nha.vn",
        ],
        [
            2,
            pupils[1].national_id,
            pupils[1].full_name,
            "Bà Ngoại Thử",
            "Bà ngoại",
            "0355123456",
            "",
        ],
    ]


def test_guardians_link_siblings_to_one_guardian(principal: Actor) -> None:
    # given: two demo pupils with the same grandmother
    pupils = list(Pupil.objects.order_by("pk")[:2])
    before = school_counts()
    # when
    counts = _import(principal, xlsx_bytes(_guardian_rows(pupils)), "guardians")
    # then
    grandmother = Guardian.objects.get(full_name="Bà Ngoại Thử")
    assert (counts["create"], counts["update"]) == (1, 1)
    assert set(grandmother.pupils.all()) == set(pupils)
    assert (grandmother.phone, grandmother.email) == ("0355123456", "ba@nha.vn")
    assert set(
        Guardianship.objects.filter(guardian=grandmother).values_list("relationship", flat=True)
    ) == {"guardian"}
    assert school_counts()["guardians"] == before["guardians"] + 1
    again = _preview(principal, xlsx_bytes(_guardian_rows(pupils)), "guardians").preview.counts
    assert (again["create"], again["update"], again["unchanged"]) == (0, 0, 2)


def test_a_guardian_of_a_pupil_not_at_school_is_a_problem(principal: Actor) -> None:
    pupil = Pupil.objects.order_by("pk").first()
    rows = _guardian_rows([pupil, pupil])
    rows[1][1] = "0000000000"
    rows[2][2] = "Tên Khác"
    problems = _preview(principal, xlsx_bytes(rows), "guardians").preview.problems
    assert [p.as_text() for p in problems] == [
        (
            "row 2, column Mã định danh học sinh: no pupil has the identifier 0000000000: "
            "import the pupils first."
        ),
        (
            f"row 3, column Họ tên học sinh: the pupil with identifier {pupil.national_id} is "
            f"{pupil.full_name}."
        ),
    ]
