"""The national subject catalogue of the 2018 programme, grades 6–9 (DOMAIN.md §2).

New schools get it from the template schema (data migration academics 0003). The public
standards (platform/standards) will version it; a school then adopts a version.
"""

from typing import NamedTuple


class CatalogueSubject(NamedTuple):
    code: str
    name: str
    short_name: str
    mode: str  # "scored" | "comment"
    periods: dict[int, int]  # grade -> periods per year


NATIONAL_SUBJECTS: list[CatalogueSubject] = [
    CatalogueSubject("TOAN", "Toán", "Toán", "scored", dict.fromkeys(range(6, 10), 140)),
    CatalogueSubject("NGUVAN", "Ngữ văn", "Văn", "scored", dict.fromkeys(range(6, 10), 140)),
    CatalogueSubject(
        "NN1", "Ngoại ngữ 1 (Tiếng Anh)", "Anh", "scored", dict.fromkeys(range(6, 10), 105)
    ),
    CatalogueSubject(
        "GDCD", "Giáo dục công dân", "GDCD", "scored", dict.fromkeys(range(6, 10), 35)
    ),
    CatalogueSubject(
        "LSDL", "Lịch sử và Địa lí", "Sử-Địa", "scored", dict.fromkeys(range(6, 10), 105)
    ),
    CatalogueSubject(
        "KHTN", "Khoa học tự nhiên", "KHTN", "scored", dict.fromkeys(range(6, 10), 140)
    ),
    CatalogueSubject("CN", "Công nghệ", "CN", "scored", {6: 35, 7: 35, 8: 52, 9: 52}),
    CatalogueSubject("TIN", "Tin học", "Tin", "scored", dict.fromkeys(range(6, 10), 35)),
    CatalogueSubject(
        "GDTC", "Giáo dục thể chất", "GDTC", "comment", dict.fromkeys(range(6, 10), 70)
    ),
    CatalogueSubject("AN", "Âm nhạc", "Nhạc", "comment", dict.fromkeys(range(6, 10), 35)),
    CatalogueSubject("MT", "Mĩ thuật", "MT", "comment", dict.fromkeys(range(6, 10), 35)),
    CatalogueSubject(
        "HDTN",
        "Hoạt động trải nghiệm, hướng nghiệp",
        "HĐTN",
        "comment",
        dict.fromkeys(range(6, 10), 105),
    ),
    CatalogueSubject(
        "GDDP",
        "Nội dung giáo dục của địa phương",
        "GDĐP",
        "comment",
        dict.fromkeys(range(6, 10), 35),
    ),
]
