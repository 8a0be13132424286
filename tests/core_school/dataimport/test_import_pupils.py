"""Importing a pupil list: pupils, their class, their parents; siblings share one Guardian;
the same file again changes nothing; a changed row updates only that pupil; a commit writes
everything or nothing."""

import datetime
import re
import unicodedata

import pytest
from django.db import connection
from django.utils import timezone

from config.errors import ApplicationError
from core_school.academics.models import Enrolment, SchoolClass, SchoolYear
from core_school.dataimport import services
from core_school.dataimport.exceptions import ImportPermissionError, ImportProblemsError
from core_school.dataimport.models import ImportRun
from core_school.dataimport.plans.guardian_book import GuardianBook
from core_school.people.access import Actor
from core_school.people.models import Guardian, Guardianship, Pupil
from tenants.models import School
from tests.core_school.conftest import actor
from tests.core_school.dataimport.conftest import (
    PUPIL_HEADERS,
    new_pupils_file,
    pupil_row,
    school_counts,
    xlsx_bytes,
)


def _preview(principal: Actor, data: bytes, *, kind: str = "pupils") -> services.PreviewResult:
    return services.import_preview(
        actor=principal, kind=kind, layout="auto", file_name="ds.xlsx", data=data
    )


def _import(principal: Actor, data: bytes, *, kind: str = "pupils") -> ImportRun:
    result = _preview(principal, data, kind=kind)
    assert result.run is not None, [p.as_text() for p in result.preview.problems]
    return services.import_commit(run_id=result.run.pk, actor=principal)


@pytest.fixture
def principal(in_a: School) -> Actor:
    return actor("hieutruong")


def test_import_creates_pupils_in_their_class_with_their_parents(principal: Actor) -> None:
    # given
    before = school_counts()
    # when
    run = _import(principal, new_pupils_file(3))
    # then
    pupil = Pupil.objects.get(national_id="0999000003")
    enrolment = Enrolment.objects.get(pupil=pupil)
    year = SchoolYear.objects.get(is_current=True)
    assert run.status == ImportRun.Status.COMMITTED
    assert run.counts["create"] == 3
    assert pupil.full_name == "Nguyễn Văn Thử 3"
    assert pupil.birth_date == datetime.date(2014, 1, 4)
    assert (pupil.sex, pupil.ethnicity) == ("M", "Kinh")
    assert (enrolment.school_class.name, enrolment.starts_on) == ("6A1", year.starts_on)
    assert sorted(pupil.guardians.values_list("full_name", "phone")) == [
        ("Phạm Thị Má 3", "0388300003"),
        ("Trần Văn Bố 3", "0388200003"),
    ]
    mother_link = Guardianship.objects.get(pupil=pupil, relationship="mother")
    assert mother_link.is_primary_contact
    after = school_counts()
    assert after["pupils"] - before["pupils"] == 3
    assert after["enrolments"] - before["enrolments"] == 3
    # two siblings share two parents, the third pupil has two of their own
    assert after["guardians"] - before["guardians"] == 4
    assert after["links"] - before["links"] == 6


def test_siblings_link_to_one_guardian(principal: Actor) -> None:
    _import(principal, new_pupils_file(3))
    elder = Pupil.objects.get(national_id="0999000001")
    younger = Pupil.objects.get(national_id="0999000002")
    father = Guardian.objects.get(full_name="Nguyễn Văn Cha")
    assert set(father.pupils.all()) == {elder, younger}
    assert father.phone == "0388100001"  # written "0388 100 001" in the file


def test_a_sibling_of_a_pupil_already_at_school_joins_their_family(principal: Actor) -> None:
    # given: a demo pupil and their mother (with her phone number)
    link = Guardianship.objects.filter(relationship="mother").select_related("guardian").first()
    mother = link.guardian
    data = xlsx_bytes(
        [
            PUPIL_HEADERS,
            pupil_row(1, "0999000009", "Em Mới", mother=(mother.full_name, mother.phone)),
        ]
    )
    # when
    run = _import(principal, data)
    # then
    assert run.counts["guardians_created"] == 0
    assert Pupil.objects.get(national_id="0999000009").guardians.get() == mother


def test_importing_the_same_file_again_changes_nothing(principal: Actor) -> None:
    # given
    data = new_pupils_file(5)
    _import(principal, data)
    before = school_counts()
    # when
    result = _preview(principal, data)
    run = services.import_commit(run_id=result.run.pk, actor=principal)
    # then
    assert result.preview.counts["create"] == 0
    assert result.preview.counts["update"] == 0
    assert result.preview.counts["unchanged"] == 5
    assert result.preview.counts["guardians_created"] == 0
    assert result.preview.counts["links_created"] == 0
    assert run.status == ImportRun.Status.COMMITTED
    after = school_counts()
    assert after["runs"] == before["runs"] + 1
    assert {k: v for k, v in after.items() if k != "runs"} == {
        k: v for k, v in before.items() if k != "runs"
    }


def test_a_changed_row_updates_only_that_pupil(principal: Actor) -> None:
    # given
    _import(principal, new_pupils_file(3))
    rows = [PUPIL_HEADERS] + [
        pupil_row(
            n,
            f"0999{n:06d}",
            f"Nguyễn Văn Thử {n}",
            birth=datetime.date(2014, 1, n % 28 + 1).strftime("%d/%m/%Y"),
            father=("Nguyễn Văn Cha", "0388100001") if n < 3 else ("Trần Văn Bố 3", "0388200003"),
            mother=("Lê Thị Mẹ", "0388100002") if n < 3 else ("Phạm Thị Má 3", "0388300003"),
        )
        for n in (1, 2, 3)
    ]
    rows[2][3] = "20/12/2014"  # pupil 2's birth date
    before = school_counts()
    # when
    result = _preview(principal, xlsx_bytes(rows))
    services.import_commit(run_id=result.run.pk, actor=principal)
    # then
    assert (result.preview.counts["update"], result.preview.counts["unchanged"]) == (1, 2)
    assert result.preview.changes[0].fields == ["Ngày sinh: 03/01/2014 → 20/12/2014"]
    assert Pupil.objects.get(national_id="0999000002").birth_date == datetime.date(2014, 12, 20)
    after = school_counts()
    assert after["pupil_events"] == before["pupil_events"] + 1  # one history row: one pupil
    assert after["pupils"] == before["pupils"]


def test_a_file_in_decomposed_unicode_matches_the_names_in_the_school(principal: Actor) -> None:
    # given: the pupils as imported (NFC), then the same list written in NFD
    _import(principal, new_pupils_file(3))
    rows = [
        [unicodedata.normalize("NFD", v) if isinstance(v, str) else v for v in row]
        for row in [PUPIL_HEADERS]
        + [
            pupil_row(
                n,
                f"0999{n:06d}",
                f"Nguyễn Văn Thử {n}",
                birth=datetime.date(2014, 1, n % 28 + 1).strftime("%d/%m/%Y"),
                father=("Nguyễn Văn Cha", "0388100001")
                if n < 3
                else ("Trần Văn Bố 3", "0388200003"),
                mother=("Lê Thị Mẹ", "0388100002") if n < 3 else ("Phạm Thị Má 3", "0388300003"),
            )
            for n in (1, 2, 3)
        ]
    ]
    assert rows[1][2] != unicodedata.normalize("NFC", rows[1][2])
    # when
    result = _preview(principal, xlsx_bytes(rows))
    # then
    assert result.preview.problems == []
    assert result.preview.counts["unchanged"] == 3


def test_a_pupil_in_another_class_is_moved_from_today(principal: Actor) -> None:
    # given: a demo pupil of 6A1, listed in 6A2
    year = SchoolYear.objects.get(is_current=True)
    enrolment = (
        Enrolment.objects.filter(
            school_class__name="6A1", school_class__school_year=year, ends_on__isnull=True
        )
        .select_related("pupil")
        .first()
    )
    pupil = enrolment.pupil
    data = xlsx_bytes(
        [
            PUPIL_HEADERS,
            pupil_row(
                1,
                pupil.national_id,
                pupil.full_name,
                birth=pupil.birth_date.strftime("%d/%m/%Y"),
                sex="Nam" if pupil.sex == "M" else "Nữ",
                ethnicity=pupil.ethnicity,
                class_name="6a2",
            ),
        ]
    )
    # when
    result = _preview(principal, data)
    services.import_commit(run_id=result.run.pk, actor=principal)
    # then
    today = timezone.localdate()
    enrolment.refresh_from_db()
    assert result.preview.counts["moves"] == 1
    assert enrolment.ends_on == today - datetime.timedelta(days=1)
    assert enrolment.end_reason == "moved to 6A2"
    now = Enrolment.objects.get(pupil=pupil, ends_on__isnull=True)
    assert (now.school_class.name, now.starts_on) == ("6A2", today)


def test_a_guardian_whose_phone_changed_is_updated_not_duplicated(principal: Actor) -> None:
    _import(principal, new_pupils_file(3))
    rows = [
        PUPIL_HEADERS,
        pupil_row(
            3,
            "0999000003",
            "Nguyễn Văn Thử 3",
            birth="04/01/2014",
            father=("Trần Văn Bố 3", "0388200003"),
            mother=("Phạm Thị Má 3", "0977 000 111"),
        ),
    ]
    guardians = Guardian.objects.count()
    result = _preview(principal, xlsx_bytes(rows))
    services.import_commit(run_id=result.run.pk, actor=principal)
    assert result.preview.counts["guardians_updated"] == 1
    assert Guardian.objects.count() == guardians
    assert Guardian.objects.get(full_name="Phạm Thị Má 3").phone == "0977000111"


def test_one_guardian_given_two_phones_is_a_problem(principal: Actor) -> None:
    _import(principal, new_pupils_file(3))
    rows = [
        PUPIL_HEADERS,
        pupil_row(
            1,
            "0999000001",
            "Nguyễn Văn Thử 1",
            birth="02/01/2014",
            father=("Nguyễn Văn Cha", "0977000001"),
            mother=("Lê Thị Mẹ", "0388100002"),
        ),
        pupil_row(
            2,
            "0999000002",
            "Nguyễn Văn Thử 2",
            birth="03/01/2014",
            father=("Nguyễn Văn Cha", "0977000002"),
            mother=("Lê Thị Mẹ", "0388100002"),
        ),
    ]
    result = _preview(principal, xlsx_bytes(rows))
    assert [p.as_text() for p in result.preview.problems] == [
        (
            "row 3, column SĐT cha: Nguyễn Văn Cha has 0977000001 on row 2 and 0977000002 "
            "here: one person, one value."
        )
    ]


def test_a_failure_during_the_commit_writes_nothing(
    principal: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given: a clean preview; the guardians' write (after pupils and enrolments) fails
    result = _preview(principal, new_pupils_file(4))
    before = school_counts()

    def broken(self: GuardianBook) -> None:
        Pupil.objects.get(national_id="0999000001")  # the pupils are written by now
        raise RuntimeError("disk full")

    monkeypatch.setattr(GuardianBook, "write", broken)
    # when
    with pytest.raises(RuntimeError, match="disk full"):
        services.import_commit(run_id=result.run.pk, actor=principal)
    # then
    assert school_counts() == before
    assert ImportRun.objects.get(pk=result.run.pk).status == ImportRun.Status.READY


def test_commit_checks_again_and_refuses_what_changed_since_the_preview(
    principal: Actor,
) -> None:
    # given: a clean preview, then its class is renamed
    result = _preview(principal, new_pupils_file(2))
    SchoolClass.objects.filter(name="6A1", school_year__is_current=True).update(name="6A1-x")
    before = school_counts()
    # when
    with pytest.raises(ImportProblemsError) as caught:
        services.import_commit(run_id=result.run.pk, actor=principal)
    # then
    problems = caught.value.extra["problems"]
    assert [(p["row"], p["column"]) for p in problems] == [(5, "Lớp"), (6, "Lớp")]
    assert school_counts() == before


def test_a_run_is_committed_once(principal: Actor) -> None:
    result = _preview(principal, new_pupils_file(1))
    services.import_commit(run_id=result.run.pk, actor=principal)
    with pytest.raises(ApplicationError, match="already committed"):
        services.import_commit(run_id=result.run.pk, actor=principal)


def test_a_teacher_may_not_import(in_a: School) -> None:
    with pytest.raises(ImportPermissionError):
        _preview(actor("giaovien"), new_pupils_file(1))


def test_the_file_is_kept_under_the_school_s_own_media_folder(principal: Actor) -> None:
    run = _preview(principal, new_pupils_file(1)).run
    assert f"/media/{connection.schema_name}/imports/" in run.file.path
    # a random name: the user's file name stays in the row, never in the path
    assert re.fullmatch(r"imports/[0-9a-f]{32}\.xlsx", run.file.name)
    assert run.file_name == "ds.xlsx"
