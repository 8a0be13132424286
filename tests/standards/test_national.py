"""Version 1 is today's national standard, the same catalogue as the template schema's."""

from core_school.academics.catalogue import NATIONAL_SUBJECTS
from standards import national, schema, selectors
from standards.models import StandardVersion


def test_version_1_is_published_valid_and_current(db: None) -> None:
    version = StandardVersion.objects.get(number=1)
    assert version.is_published
    assert version.published_at is not None
    assert schema.content_problems(version.content) == []
    assert selectors.version_current() == version
    assert version.content == national.national_content()


def test_the_catalogue_is_the_one_the_template_installs() -> None:
    # given: the template's catalogue (core_school) and the standards' (public, no school code)
    template = [
        (s.code, s.name, s.short_name, s.mode, {str(g): n for g, n in s.periods.items()})
        for s in NATIONAL_SUBJECTS
    ]
    standard = [
        (s["code"], s["names"]["vi"], s["short_name"], s["mode"], s["periods"])
        for s in national.SUBJECTS
    ]
    # then
    assert standard == template


def test_every_subject_is_named_in_three_languages_and_there_are_54_ethnic_groups() -> None:
    for subject in national.SUBJECTS:
        assert set(subject["names"]) == {"vi", "en", "fr"}
    assert len(set(national.ETHNIC_GROUPS)) == 54
