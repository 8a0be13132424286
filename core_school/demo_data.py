"""Deterministic demo content for one school. Runs inside that school's schema.

Realistic Vietnamese names with diacritics, grades 6–9, classes of 40–45 pupils, staff with
roles, guardians linked to their children (siblings share guardians). The same seed always
gives the same school.
"""

import bisect
import datetime
import random
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import transaction

from accounts.models import User
from accounts.roles import Role
from core_school import demo_school_year
from core_school.academics.models import Enrolment, SchoolClass, SchoolYear, Term
from core_school.earlywarning import services as earlywarning_services
from core_school.people.models import Guardian, Guardianship, Pupil, Sex, StaffMember

FAMILY_NAMES = [
    ("Nguyễn", 38),
    ("Trần", 11),
    ("Lê", 9),
    ("Phạm", 7),
    ("Hoàng", 5),
    ("Phan", 4),
    ("Vũ", 4),
    ("Đặng", 2),
    ("Bùi", 2),
    ("Đỗ", 2),
    ("Hồ", 1),
    ("Ngô", 1),
    ("Dương", 1),
    ("Lý", 1),
    ("Đinh", 1),
    ("Trịnh", 1),
    ("Đào", 1),
    ("Mai", 1),
    ("Lương", 1),
    ("Tạ", 1),
]
MIDDLE_NAMES = {
    Sex.MALE: ["Văn", "Đức", "Minh", "Quang", "Hữu", "Thành", "Gia", "Anh", "Tuấn", "Đăng", "Bảo"],
    Sex.FEMALE: ["Thị", "Ngọc", "Thu", "Thanh", "Phương", "Minh", "Khánh", "Bảo", "Hải", "Diệu"],
}
GIVEN_NAMES = {
    Sex.MALE: [
        "An",
        "Bình",
        "Cường",
        "Dũng",
        "Duy",
        "Đạt",
        "Hải",
        "Hiếu",
        "Hoàng",
        "Huy",
        "Hùng",
        "Khang",
        "Khoa",
        "Kiên",
        "Lâm",
        "Long",
        "Minh",
        "Nam",
        "Nghĩa",
        "Phong",
        "Phúc",
        "Quân",
        "Sơn",
        "Thắng",
        "Thành",
        "Trung",
        "Tuấn",
        "Việt",
        "Vinh",
        "Đức",
        "Khôi",
    ],
    Sex.FEMALE: [
        "Anh",
        "Chi",
        "Dung",
        "Giang",
        "Hà",
        "Hạnh",
        "Hằng",
        "Hoa",
        "Hương",
        "Lan",
        "Linh",
        "Mai",
        "My",
        "Ngân",
        "Ngọc",
        "Nhung",
        "Oanh",
        "Phương",
        "Quỳnh",
        "Thảo",
        "Trang",
        "Uyên",
        "Vân",
        "Vy",
        "Yến",
        "Thư",
        "Diệp",
        "Ánh",
    ],
}
ETHNICITIES = [("Kinh", 96), ("Tày", 1), ("Mường", 1), ("Nùng", 1), ("Thái", 1)]
STREETS = [
    "Trần Duy Hưng",
    "Nguyễn Khang",
    "Cầu Giấy",
    "Xuân Thủy",
    "Hoàng Quốc Việt",
    "Trần Thái Tông",
    "Dịch Vọng Hậu",
    "Yên Hòa",
    "Nguyễn Phong Sắc",
    "Trung Kính",
    "Mai Dịch",
    "Nguyễn Văn Huyên",
    "Hoàng Sâm",
    "Nghĩa Tân",
    "Tô Hiệu",
    "Phạm Văn Đồng",
]
SPECIALTIES = [
    ("Ngữ văn", 12),
    ("Toán", 12),
    ("Tiếng Anh", 10),
    ("Khoa học tự nhiên", 12),
    ("Lịch sử và Địa lí", 8),
    ("Giáo dục công dân", 4),
    ("Công nghệ", 4),
    ("Tin học", 4),
    ("Giáo dục thể chất", 6),
    ("Âm nhạc", 3),
    ("Mĩ thuật", 3),
    ("Hoạt động trải nghiệm", 4),
]
DEMO_PASSWORD = "Demo@2026"


@dataclass(frozen=True)
class DemoSchoolSpec:
    """How big a demo school is."""

    seed: int
    classes_per_grade: int
    pupils_per_class: tuple[int, int]
    teachers: int
    class_suffix: str  # "A1".."A10" when classes_per_grade > 1, else "A"
    phone_prefix: str
    staff_code_prefix: str


@dataclass(frozen=True)
class DemoLogins:
    """The memorable accounts of a demo school, for the README and the `up` banner."""

    principal: str = "hieutruong"
    school_admin: str = "quantri"
    homeroom_teacher: str = "gvcn"
    subject_teacher: str = "giaovien"
    parent: str = "phuhuynh"
    pupil: str = "hocsinh"


def school_year_bounds(today: datetime.date) -> tuple[int, int]:
    """The school year running on `today` (it turns over in August)."""
    start = today.year if today.month >= 8 else today.year - 1
    return start, start + 1


class _Names:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.families = [name for name, _ in FAMILY_NAMES]
        self.family_weights = [weight for _, weight in FAMILY_NAMES]

    def family(self) -> str:
        return self.rng.choices(self.families, self.family_weights)[0]

    def person(self, sex: str, family: str | None = None) -> str:
        family = family or self.family()
        middle = self.rng.choice(MIDDLE_NAMES[sex])
        given = self.rng.choice([name for name in GIVEN_NAMES[sex] if name != middle])
        return f"{family} {middle} {given}"


def school_demo_seed(*, spec: DemoSchoolSpec, today: datetime.date) -> DemoLogins:
    """Fill the current (empty) school schema with a deterministic demo school."""
    rng = random.Random(spec.seed)
    names = _Names(rng)
    logins = DemoLogins()
    password_hash = _password_hash()
    with transaction.atomic():
        start, end = school_year_bounds(today)
        year = SchoolYear.objects.create(
            name=f"{start}-{end}",
            starts_on=datetime.date(start, 9, 5),
            ends_on=datetime.date(end, 5, 31),
            is_current=True,
        )
        Term.objects.bulk_create(
            [
                Term(
                    school_year=year,
                    number=1,
                    starts_on=year.starts_on,
                    ends_on=datetime.date(end, 1, 15),
                ),
                Term(
                    school_year=year,
                    number=2,
                    starts_on=datetime.date(end, 1, 19),
                    ends_on=year.ends_on,
                ),
            ]
        )
        staff = _seed_staff(
            spec=spec, rng=rng, names=names, password_hash=password_hash, logins=logins
        )
        classes = _seed_classes(spec=spec, year=year, teachers=staff["teachers"])
        _seed_pupils(
            spec=spec,
            rng=rng,
            names=names,
            year=year,
            classes=classes,
            password_hash=password_hash,
            logins=logins,
        )
        demo_school_year.school_year_demo_seed(seed=spec.seed, today=today)
        demo_school_year.pilot_history_demo_seed(seed=spec.seed, today=today)
        # The early-warning rules over what the demo wrote: real flags, as a night would raise.
        earlywarning_services.early_warnings_evaluate()
    return logins


def _password_hash() -> str:
    from django.contrib.auth.hashers import make_password

    # NOTE: one hash for every demo account: hashing thousands of passwords would take
    # minutes, and these accounts exist only to be tried.
    return make_password(DEMO_PASSWORD)


def _user(
    username: str, full_name: str, password_hash: str, email: str = "", phone: str = ""
) -> User:
    return User(
        username=username, full_name=full_name, password=password_hash, email=email, phone=phone
    )


def _seed_staff(
    *,
    spec: DemoSchoolSpec,
    rng: random.Random,
    names: _Names,
    password_hash: str,
    logins: DemoLogins,
) -> dict[str, list[StaffMember]]:
    positions = (
        [(StaffMember.Position.PRINCIPAL, "", Role.PRINCIPAL, logins.principal)]
        + [(StaffMember.Position.VICE_PRINCIPAL, "", Role.VICE_PRINCIPAL, None)]
        * (2 if spec.teachers > 30 else 1)
        + [(StaffMember.Position.SCHOOL_ADMIN, "", Role.SCHOOL_ADMIN, logins.school_admin)]
        + [(StaffMember.Position.CLERK, "", Role.CLERK, None)] * (2 if spec.teachers > 30 else 1)
    )
    # Round robin over the subjects, each up to its weight: a small school gets one teacher of
    # every subject, a large one more of the subjects with more periods.
    specialties = [name for turn in range(12) for name, weight in SPECIALTIES if weight > turn]
    for index in range(spec.teachers):
        specialty = specialties[index % len(specialties)]
        positions.append((StaffMember.Position.TEACHER, specialty, Role.SUBJECT_TEACHER, None))

    users, members = [], []
    for index, (position, specialty, _role, username) in enumerate(positions, start=1):
        sex = Sex.FEMALE if rng.random() < 0.7 else Sex.MALE
        full_name = names.person(sex)
        code = f"{spec.staff_code_prefix}{index:03d}"
        username = username or code.lower()
        email = f"{username}@{spec.staff_code_prefix.lower()}.demo.truongso.vn"
        users.append(_user(username, full_name, password_hash, email=email))
        members.append(
            StaffMember(
                staff_code=code,
                full_name=full_name,
                sex=sex,
                position=position,
                specialty=specialty,
                birth_date=datetime.date(
                    rng.randint(1968, 1998), rng.randint(1, 12), rng.randint(1, 28)
                ),
                phone=f"09{spec.phone_prefix}{index:05d}",
                email=email,
            )
        )
    # Maths teacher with the memorable subject-teacher login.
    maths = next(i for i, p in enumerate(positions) if p[1] == "Toán")
    users[maths].username = logins.subject_teacher
    User.objects.bulk_create(users)
    for member, user in zip(members, users, strict=True):
        member.user = user
    StaffMember.objects.bulk_create(members)

    groups = {group.name: group for group in Group.objects.all()}
    role_links = []
    for (_position, _specialty, role, _login), user in zip(positions, users, strict=True):
        role_links.append(User.groups.through(user_id=user.pk, group_id=groups[role].pk))
    User.groups.through.objects.bulk_create(role_links)
    # The memorable subject teacher teaches maths and is nobody's homeroom teacher.
    teachers = [
        m
        for i, m in enumerate(members)
        if m.position == StaffMember.Position.TEACHER and i != maths
    ]
    return {"teachers": teachers}


def _seed_classes(
    *, spec: DemoSchoolSpec, year: SchoolYear, teachers: list[StaffMember]
) -> list[SchoolClass]:
    classes = []
    homeroom = iter(teachers)
    for grade in range(6, 10):
        for number in range(1, spec.classes_per_grade + 1):
            name = (
                f"{grade}A{number}" if spec.classes_per_grade > 1 else f"{grade}{spec.class_suffix}"
            )
            classes.append(
                SchoolClass(
                    school_year=year, grade=grade, name=name, homeroom_teacher=next(homeroom)
                )
            )
    SchoolClass.objects.bulk_create(classes)
    groups = {group.name: group for group in Group.objects.all()}
    User.groups.through.objects.bulk_create(
        [
            User.groups.through(
                user_id=c.homeroom_teacher.user_id, group_id=groups[Role.HOMEROOM_TEACHER].pk
            )
            for c in classes
        ]
    )
    # The memorable homeroom-teacher login teaches the first class.
    User.objects.filter(pk=classes[0].homeroom_teacher.user_id).update(
        username=DemoLogins.homeroom_teacher
    )
    return classes


def _seed_pupils(
    *,
    spec: DemoSchoolSpec,
    rng: random.Random,
    names: _Names,
    year: SchoolYear,
    classes: list[SchoolClass],
    password_hash: str,
    logins: DemoLogins,
) -> None:
    pupils: list[Pupil] = []
    enrolments: list[tuple[int, SchoolClass]] = []
    families: list[tuple[Guardian, Guardian, str]] = []
    family_of: list[int] = []
    family_grade: list[int] = []
    serial = 0
    for school_class in classes:
        size = rng.randint(*spec.pupils_per_class)
        birth_year = year.starts_on.year - (school_class.grade + 5)
        for _ in range(size):
            serial += 1
            sex = Sex.MALE if rng.random() < 0.51 else Sex.FEMALE
            # One pupil in twelve is the sibling of a pupil listed in a lower grade.
            # Classes come grade by grade: the families of lower grades are a prefix.
            older = bisect.bisect_left(family_grade, school_class.grade)
            if older and rng.random() < 1 / 12:
                family_index = rng.randrange(older)
                family = families[family_index][2]
            else:
                family = names.family()
                father = Guardian(full_name=names.person(Sex.MALE, family))
                mother = Guardian(full_name=names.person(Sex.FEMALE))
                families.append((mother, father, family))
                family_grade.append(school_class.grade)
                family_index = len(families) - 1
            street = rng.choice(STREETS)
            pupils.append(
                Pupil(
                    national_id=f"01{spec.seed % 100:02d}{serial:06d}",
                    full_name=names.person(sex, family),
                    birth_date=datetime.date(birth_year, rng.randint(1, 12), rng.randint(1, 28)),
                    sex=sex,
                    ethnicity=rng.choices([e for e, _ in ETHNICITIES], [w for _, w in ETHNICITIES])[
                        0
                    ],
                    address=f"Số {rng.randint(1, 199)} ngõ {rng.randint(1, 120)} {street}, Hà Nội",
                )
            )
            enrolments.append((len(pupils) - 1, school_class))
            family_of.append(family_index)

    guardians: list[Guardian] = []
    for index, (mother, father, _family) in enumerate(families, start=1):
        mother.phone = f"09{spec.phone_prefix}{index:05d}"[:10]
        father.phone = f"08{spec.phone_prefix}{index:05d}"[:10]
        guardians += [mother, father]
    users = [_user(g.phone, g.full_name, password_hash, phone=g.phone) for g in guardians]
    # The memorable parent login is a mother with two children at the school.
    two_children = next(i for i in range(len(families)) if family_of.count(i) >= 2)
    users[2 * two_children].username = logins.parent
    User.objects.bulk_create(users)
    for guardian, user in zip(guardians, users, strict=True):
        guardian.user = user
    Guardian.objects.bulk_create(guardians)

    pupil_user = _user(logins.pupil, pupils[0].full_name, password_hash)
    pupil_user.save()
    pupils[0].user = pupil_user
    Pupil.objects.bulk_create(pupils)
    Enrolment.objects.bulk_create(
        [
            Enrolment(pupil=pupils[i], school_class=c, starts_on=year.starts_on)
            for i, c in enrolments
        ]
    )
    links = []
    for pupil, family_index in zip(pupils, family_of, strict=True):
        mother, father, _family = families[family_index]
        links.append(
            Guardianship(
                pupil=pupil,
                guardian=mother,
                is_primary_contact=True,
                relationship=Guardianship.Relationship.MOTHER,
            )
        )
        links.append(
            Guardianship(
                pupil=pupil, guardian=father, relationship=Guardianship.Relationship.FATHER
            )
        )
    Guardianship.objects.bulk_create(links)

    groups = {group.name: group for group in Group.objects.all()}
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=u.pk, group_id=groups[Role.PARENT].pk) for u in users]
        + [User.groups.through(user_id=pupil_user.pk, group_id=groups[Role.PUPIL].pk)]
    )
