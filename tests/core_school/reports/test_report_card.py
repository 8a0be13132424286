"""The report card: what it prints (the ReportCard texts) and the PDF that carries them."""

import re
import unicodedata

import pytest

from core_school.academics.models import SchoolYear, Subject
from core_school.assessment.models import (
    ConductGrade,
    LearningResult,
    SubjectResult,
    YearOutcome,
)
from core_school.people.models import Pupil
from core_school.reports.exceptions import ReportUnavailableError
from core_school.reports.report_card import (
    report_card_build,
    report_card_pdf,
    report_card_render,
)
from tenants.models import School
from tests.core_school.reports.pdf_text import pdf_text

LEVELS = {"tot": "Tốt", "kha": "Khá", "dat": "Đạt", "chua_dat": "Chưa đạt"}
DECISIONS = {
    "promoted": "Lên lớp",
    "reassess": "Kiểm tra lại",
    "summer_training": "Rèn luyện trong hè",
    "retained": "Ở lại lớp",
}


def _printed(result: SubjectResult) -> str:
    if result.average is not None:
        return f"{result.average:.1f}".replace(".", ",")
    return "Đ" if result.passed else "CĐ"


def _pupil_with(last_year: SchoolYear, **outcome: str) -> Pupil:
    return (
        YearOutcome.objects.filter(school_year=last_year, stage="initial", **outcome)
        .select_related("pupil")
        .order_by("pk")
        .first()
        .pupil  # type: ignore[union-attr]
    )


def test_report_card_build_names_school_pupil_class_and_year(
    in_school_a: School, child: Pupil, last_year: SchoolYear
) -> None:
    # when
    card = report_card_build(pupil=child, school_year=last_year)
    # then
    assert card.school_name == "THCS Cầu Giấy"
    assert card.pupil_name == child.full_name
    assert card.birth_date == child.birth_date.strftime("%d/%m/%Y")
    assert re.fullmatch(r"\d{2}/\d{2}/\d{4}", card.birth_date)
    assert (
        card.class_name
        == child.enrolments.get(school_class__school_year=last_year).school_class.name
    )
    assert card.school_year == last_year.name
    assert card.homeroom_teacher
    assert card.principal


def test_report_card_build_lists_subjects_in_catalogue_order_with_stored_results(
    in_school_a: School, child: Pupil, last_year: SchoolYear
) -> None:
    # given
    stored = {
        (r.subject.name, r.term.number if r.term else None): _printed(r)
        for r in SubjectResult.objects.filter(pupil=child, school_year=last_year).select_related(
            "subject", "term"
        )
    }
    # when
    card = report_card_build(pupil=child, school_year=last_year)
    # then
    assert [row.subject for row in card.subjects] == list(
        Subject.objects.order_by("order", "code").values_list("name", flat=True)
    )
    printed = {
        (row.subject, period): text
        for row in card.subjects
        for period, text in zip((1, 2, None), row.results.as_tuple(), strict=True)
    }
    assert printed == stored
    assert {text for text in printed.values() if not text[0].isdigit()} <= {"Đ", "CĐ"}


def test_report_card_build_shows_levels_conduct_absences_and_decision(
    in_school_a: School, child: Pupil, last_year: SchoolYear
) -> None:
    # given
    learning = {
        (r.term.number if r.term else None): LEVELS[r.level]
        for r in LearningResult.objects.filter(pupil=child, school_year=last_year)
    }
    conduct = {
        (c.term.number if c.term else None): LEVELS[c.level]
        for c in ConductGrade.objects.filter(pupil=child, school_year=last_year)
    }
    outcome = YearOutcome.objects.get(pupil=child, school_year=last_year, stage="initial")
    # when
    card = report_card_build(pupil=child, school_year=last_year)
    # then
    assert card.learning.as_tuple() == (learning[1], learning[2], learning[None])
    assert card.conduct.as_tuple() == (conduct[1], conduct[2], conduct[None])
    assert card.absences.year == str(outcome.absences)
    assert int(card.absences.term1) + int(card.absences.term2) == outcome.absences
    assert card.decision == DECISIONS[outcome.decision]


def test_report_card_build_shows_the_summer_reassessment_and_final_decision(
    in_school_a: School, last_year: SchoolYear
) -> None:
    # given: a pupil sent to re-assessment, promoted after the summer (demo)
    pupil = _pupil_with(last_year, decision="reassess")
    # when
    card = report_card_build(pupil=pupil, school_year=last_year)
    # then
    assert card.decision == "Kiểm tra lại"
    assert "5,5" in card.reassessment
    assert card.after_summer == "Lên lớp"


def test_report_card_build_shows_summer_training(
    in_school_a: School, last_year: SchoolYear
) -> None:
    pupil = _pupil_with(last_year, decision="summer_training")
    card = report_card_build(pupil=pupil, school_year=last_year)
    assert card.decision == "Rèn luyện trong hè"
    assert card.after_summer == "Lên lớp"


@pytest.mark.parametrize(
    ("award", "printed"), [("xuat_sac", "Học sinh Xuất sắc"), ("gioi", "Học sinh Giỏi")]
)
def test_report_card_build_shows_the_award(
    in_school_a: School, last_year: SchoolYear, award: str, printed: str
) -> None:
    pupil = _pupil_with(last_year, award=award)
    card = report_card_build(pupil=pupil, school_year=last_year)
    assert card.award == printed


def test_report_card_build_of_a_running_year_leaves_blanks(
    in_school_a: School, child: Pupil, current_year: SchoolYear
) -> None:
    # when: the current year, whose first term is not closed yet
    card = report_card_build(pupil=child, school_year=current_year)
    # then
    assert all(row.results.as_tuple() == ("", "", "") for row in card.subjects)
    assert card.learning.as_tuple() == ("", "", "")
    assert card.absences.term2 == ""
    assert card.absences.year == ""
    assert card.decision == ""
    assert card.award == ""


def test_report_card_build_writes_nfc_text(
    in_school_a: School, child: Pupil, last_year: SchoolYear
) -> None:
    # given: a name typed with combining marks (NFD), as some keyboards send it
    Pupil.objects.filter(pk=child.pk).update(
        full_name=unicodedata.normalize("NFD", child.full_name)
    )
    child.refresh_from_db()
    # when
    card = report_card_build(pupil=child, school_year=last_year)
    # then
    assert card.pupil_name == unicodedata.normalize("NFC", child.full_name)


def test_report_card_build_refuses_a_year_the_pupil_was_not_enrolled(
    in_school_a: School, last_year: SchoolYear
) -> None:
    new_pupil = Pupil.objects.exclude(enrolments__school_class__school_year=last_year).first()
    with pytest.raises(ReportUnavailableError):
        report_card_build(pupil=new_pupil, school_year=last_year)  # type: ignore[arg-type]


def test_report_card_pdf_is_one_a4_page_with_the_dejavu_font_embedded(
    in_school_a: School, child: Pupil, last_year: SchoolYear
) -> None:
    # when
    pdf = report_card_pdf(pupil=child, school_year=last_year)
    # then
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")
    assert b"/MediaBox [0 0 595.28 841.89]" in pdf  # A4 portrait, in points
    assert b"/Count 1" in pdf
    assert re.search(rb"/BaseFont /[A-Z]{6}\+DejaVuSans", pdf)
    assert b"/FontFile2" in pdf  # the TrueType program itself is embedded


def test_report_card_pdf_text_reads_back_in_vietnamese(
    in_school_a: School, last_year: SchoolYear
) -> None:
    # given
    pupil = _pupil_with(last_year, decision="reassess")
    # when
    runs = pdf_text(report_card_pdf(pupil=pupil, school_year=last_year))
    # then
    text = "\n".join(runs)
    assert pupil.full_name in runs
    assert pupil.birth_date.strftime("%d/%m/%Y") in runs
    for expected in (
        "PHIẾU BÁO KẾT QUẢ HỌC TẬP VÀ RÈN LUYỆN",
        "Kết quả rèn luyện",
        "Kiểm tra lại",
        "Lên lớp",
        "Giáo dục thể chất",
        "GIÁO VIÊN CHỦ NHIỆM",
        "HIỆU TRƯỞNG",
    ):
        assert expected in text
    assert "\ufffd" not in text
    assert text == unicodedata.normalize("NFC", text)


def test_report_card_render_lays_out_every_printed_value(
    in_school_a: School, child: Pupil, last_year: SchoolYear
) -> None:
    # given
    card = report_card_build(pupil=child, school_year=last_year)
    # when
    runs = pdf_text(report_card_render(card, compress=False))
    # then
    for row in card.subjects:
        assert [row.subject, *row.results.as_tuple()] == runs[
            runs.index(row.subject) : runs.index(row.subject) + 4
        ]


def test_report_card_pdf_runs_a_fixed_number_of_queries(
    in_school_a: School, child: Pupil, last_year: SchoolYear, django_assert_num_queries: object
) -> None:
    with django_assert_num_queries(10):  # type: ignore[operator]
        report_card_pdf(pupil=child, school_year=last_year)
