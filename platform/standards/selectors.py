"""Reads of the standards and of the schools' conformance scores. Public schema."""

from django.db.models import QuerySet

from standards.models import ConformanceResult, StandardVersion
from tenants.models import School


def version_list() -> QuerySet[StandardVersion]:
    """Every version, newest first, without their content (a list page needs none)."""
    return StandardVersion.objects.defer("content").select_related("created_by", "published_by")


def version_get(*, number: int) -> StandardVersion | None:
    return (
        StandardVersion.objects.select_related("created_by", "published_by")
        .filter(number=number)
        .first()
    )


def version_current() -> StandardVersion | None:
    """The newest published version: what a new school adopts."""
    return StandardVersion.objects.filter(status=StandardVersion.Status.PUBLISHED).first()


def subject_names(*, language: str) -> dict[str, str]:
    """{code: name in `language`} of the current published standard's subject catalogue, in
    one query reading only the catalogue (Vietnamese when a name is missing; {} before any
    published version). The reports name subjects with it."""
    subjects = (
        StandardVersion.objects.filter(status=StandardVersion.Status.PUBLISHED)
        .values_list("content__subjects", flat=True)
        .first()
    )
    language = (language or "vi")[:2]
    return {
        subject["code"]: subject["names"].get(language) or subject["names"].get("vi", "")
        for subject in subjects or []
        if isinstance(subject, dict) and isinstance(subject.get("names"), dict)
    }


def version_previous(*, version: StandardVersion) -> StandardVersion | None:
    """The version this one was drafted from (the newest published before it)."""
    return (
        StandardVersion.objects.filter(
            status=StandardVersion.Status.PUBLISHED, number__lt=version.number
        )
        .order_by("-number")
        .first()
    )


def conformance_for_school(*, school: School) -> ConformanceResult | None:
    return ConformanceResult.objects.filter(school=school).first()


def conformance_list(*, schools: QuerySet[School]) -> list[tuple[School, ConformanceResult | None]]:
    """(school, its last result or None) for `schools`, by name, in one query."""
    rows = schools.select_related("conformance", "authority").order_by("name", "pk")
    return [(school, getattr(school, "conformance", None)) for school in rows]
