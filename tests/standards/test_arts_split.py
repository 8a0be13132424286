"""``nghe_thuat_split`` has no behaviour of its own: the platform assesses the subjects the
catalogue lists, so the validator refuses a flag that disagrees with the catalogue."""

import pytest

from standards import schema
from standards.national import national_content

pytestmark = pytest.mark.usefixtures("english")

ARTS = {
    "code": "NT",
    "names": {"vi": "Nghệ thuật", "en": "Arts", "fr": "Arts"},
    "short_name": "NT",
    "mode": "comment",
    "periods": {"6": 70, "7": 70, "8": 70, "9": 70},
}


def _problems(content: dict) -> list[str]:  # type: ignore[type-arg]
    return [str(p) for p in schema.content_problems(content)]


def test_version_1_splits_the_arts_into_music_and_fine_arts() -> None:
    content = national_content()
    assert content["grading"]["nghe_thuat_split"] is True
    assert {"AN", "MT"} <= {s["code"] for s in content["subjects"]}
    assert _problems(content) == []


def test_one_arts_subject_needs_the_flag_false() -> None:
    # given: Âm nhạc and Mĩ thuật replaced by one Nghệ thuật
    content = national_content()
    content["subjects"] = [s for s in content["subjects"] if s["code"] not in ("AN", "MT")]
    content["subjects"].append(ARTS)
    # then: with the flag still true, the flag is named; set false, the content is valid
    assert _problems(content) == [
        (
            "grading.nghe_thuat_split: is true (Âm nhạc and Mĩ thuật as two subjects) but the "
            "subjects include NT"
        )
    ]
    content["grading"]["nghe_thuat_split"] = False
    assert _problems(content) == []


def test_a_false_flag_with_music_and_fine_arts_names_both() -> None:
    content = national_content()
    content["grading"]["nghe_thuat_split"] = False
    assert _problems(content) == [
        "grading.nghe_thuat_split: is false (one Nghệ thuật subject) but the subjects include AN",
        "grading.nghe_thuat_split: is false (one Nghệ thuật subject) but the subjects include MT",
    ]
