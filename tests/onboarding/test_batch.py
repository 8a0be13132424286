"""Many schools from one CSV: every problem by row and column, all or none, progress."""

import unicodedata

import pytest
from django.core.exceptions import ValidationError

from accounts.models import User
from onboarding import provisioning
from onboarding.models import ProvisioningBatch
from tenants.models import School

pytestmark = pytest.mark.django_db

HEADER = (
    "Tên trường,Mã trường,Tên miền,Mã đơn vị quản lý,Thí điểm,Quản trị viên,"
    "Email quản trị viên,Số điện thoại\n"
)


def cp1258(text: str) -> bytes:
    """Text as Windows-1258 writes it: a letter (ơ, ê, ă…) then a combining tone mark."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = b""
    for char in text:
        base, *marks = unicodedata.normalize("NFD", char)
        letter = unicodedata.normalize("NFC", base + "".join(m for m in marks if m not in tones))
        out += (letter + "".join(m for m in marks if m in tones)).encode("cp1258")
    return out


def csv_of(*rows: str) -> bytes:
    return (HEADER + "".join(row + "\n" for row in rows)).encode("utf-8-sig")


GOOD = csv_of(
    "THCS Dịch Vọng,01013601,dichvong,00167,có,Nguyễn Thị Lan,lan@dv.example,0912345678",
    "THCS Mai Dịch,01013602,,00167,,Trần Văn Bình,binh@md.example,",
    "THCS Nghĩa Đô,01013603,nghiado,00160,không,Lê Hoa,hoa@nd.example,",
)


def test_a_good_file_asks_for_every_school_and_the_workers_make_them(
    django_capture_on_commit_callbacks: object,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        batch = provisioning.batch_create(file_bytes=GOOD, file_name="truong.csv", actor=None)
    progress = provisioning.batch_progress(batch=batch)
    assert progress["total"] == 3
    assert progress["done"] == 3
    assert progress["failed"] == 0
    assert progress["finished"]
    codes = {s["code"]: s for s in progress["schools"]}  # type: ignore[union-attr]
    assert codes["01013602"]["slug"] == "thcs-mai-dich"  # suggested from the name
    assert School.objects.get(code="01013601").is_pilot
    assert not School.objects.get(code="01013603").is_pilot


def test_progress_counts_schools_still_being_made() -> None:
    batch = provisioning.batch_create(file_bytes=GOOD, file_name="truong.csv", actor=None)
    progress = provisioning.batch_progress(batch=batch)
    assert (progress["done"], progress["in_progress"], progress["finished"]) == (0, 3, False)


@pytest.mark.parametrize(
    ("content", "row", "column", "reason"),
    [
        (
            csv_of(
                "THCS X,01013601,x-school,00167,,A,a@x.example,",
                "THCS Y,01013601,y-school,00167,,B,b@y.example,",
            ),
            3,
            "Mã trường",
            "also on row 2",
        ),
        (
            csv_of("THCS X,01013501,x-school,00167,,A,a@x.example,"),
            2,
            "Mã trường",
            "already used by THCS Cầu Giấy",
        ),
        (csv_of("THCS X,12,x-school,00167,,A,a@x.example,"), 2, "Mã trường", "4 to 16"),
        (csv_of("THCS X,01013601,x.evil.com,00167,,A,a@x.example,"), 2, "Tên miền", "lowercase"),
        (
            csv_of("THCS X,01013601,x-school,99999,,A,a@x.example,"),
            2,
            "Mã đơn vị quản lý",
            "No education authority",
        ),
        (
            csv_of("THCS X,01013601,x-school,00167,,A,a-at-x,"),
            2,
            "Email quản trị viên",
            "not an e-mail",
        ),
        (
            b"Ten truong,Ma truong\nTHCS X,01013601\n",
            1,
            "ma don vi quan ly",
            "Required columns are missing",
        ),
        (cp1258("Tên trường,Mã trường\nTHCS Xã Đàn,0101\n"), 0, "", "not UTF-8"),
        (b"", 1, "", "empty"),
    ],
)
def test_every_problem_is_named_by_row_and_column_and_nothing_is_written(
    content: bytes, row: int, column: str, reason: str
) -> None:
    schools, batches = School.objects.count(), ProvisioningBatch.objects.count()
    preview = provisioning.batch_preview(file_bytes=content, file_name="f.csv", actor=None)
    assert any(
        p.row == row and column in p.column and reason in p.reason for p in preview.problems
    ), preview.problems
    with pytest.raises(ValidationError) as refused:
        provisioning.batch_create(file_bytes=content, file_name="f.csv", actor=None)
    assert any(reason in message for message in refused.value.messages)
    assert School.objects.count() == schools
    assert ProvisioningBatch.objects.count() == batches


def test_one_bad_row_among_good_ones_writes_nothing() -> None:
    content = GOOD + "THCS Hỏng,01013609,hong,00167,,,x@y.example,\n".encode()
    before = School.objects.count()
    with pytest.raises(ValidationError, match="administrator's name is empty"):
        provisioning.batch_create(file_bytes=content, file_name="f.csv", actor=None)
    assert School.objects.count() == before


def test_an_operator_can_only_list_schools_under_their_node() -> None:
    ward_operator = User.objects.get(username="phuong.caugiay")
    preview = provisioning.batch_preview(file_bytes=GOOD, file_name="f.csv", actor=ward_operator)
    [problem] = preview.problems
    assert problem.row == 4
    assert "outside your part" in problem.reason


def test_semicolons_and_english_headers_are_read() -> None:
    content = (
        "name;code;slug;authority;admin name;admin email\n"
        "THCS Yên Hòa;01013611;yenhoa;00167;Đỗ Minh;minh@yh.example\n"
    ).encode()
    preview = provisioning.batch_preview(file_bytes=content, file_name="f.csv", actor=None)
    assert preview.problems == []
    assert preview.rows[0]["name"] == "THCS Yên Hòa"
