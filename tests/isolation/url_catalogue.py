"""Every URL pattern of both URL confs, turned into a concrete path.

The isolation tests are parametrised from this catalogue, so a URL added anywhere joins them
without anyone editing a test. A pattern whose path cannot be built fails the suite: add a
sample value for its parameter below.
"""

import re
import uuid
from dataclasses import dataclass

from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RegexPattern, RoutePattern

# Values tried, in order, for a parameter. Integer parameters get the ids of objects that
# exist in both demo schools (their primary keys overlap), which is the dangerous case.
SAMPLES_BY_CONVERTER = {
    "int": ["1"],
    "str": ["1", "abc"],
    "slug": ["abc"],
    "uuid": [str(uuid.UUID(int=1))],
    "path": ["a/b"],
}
SAMPLES_BY_NAME = {
    "uidb36": ["1"],
    "key": ["abc-key"],
    "format": ["json"],
    "app_label": ["tenants", "people"],
    "content_type_id": ["1"],
    "object_id": ["1"],
    "type": ["totp"],
    # The operators' console and API: a provisioning batch.
    "batch_id": [str(uuid.UUID(int=1))],
}
DEFAULT_SAMPLES = ["1", "abc", "abc-def"]


@dataclass(frozen=True)
class CataloguedUrl:
    urlconf: str
    pattern: str  # the full pattern, for test ids
    path: str
    name: str | None


def _samples(name: str, converter: str | None) -> list[str]:
    return SAMPLES_BY_NAME.get(name) or SAMPLES_BY_CONVERTER.get(converter or "", DEFAULT_SAMPLES)


def _fill(pattern: RoutePattern | RegexPattern) -> list[str]:
    """Candidate literal paths for one pattern segment."""
    if isinstance(pattern, RoutePattern):
        route = pattern._route
        params = re.findall(r"<(?:(?P<conv>[^>:]+):)?(?P<name>[^>]+)>", route)
        text = route
        for converter, name in params:
            sample = _samples(name, converter)[0]
            text = re.sub(rf"<(?:{converter}:)?{name}>", sample, text, count=1)
        return [text]
    regex = pattern._regex.lstrip("^").rstrip("$").replace("\\Z", "")
    candidates = []
    for attempt in range(3):

        def value(match: re.Match[str], attempt: int = attempt) -> str:
            samples = _samples(match.group("name"), None)
            return samples[min(attempt, len(samples) - 1)]

        text = re.sub(r"\(\?P<(?P<name>\w+)>(?:[^()]|\([^()]*\))*\)", value, regex)
        text = text.replace("\\.", ".").replace("\\-", "-").replace("\\/", "/")
        text = re.sub(r"\(\?:([^)]*)\)\?", "", text)
        text = text.replace("?", "")
        candidates.append(text)
    return candidates


def _walk(
    patterns: list[URLPattern | URLResolver],
    prefixes: list[str],
    urlconf: str,
    found: list[CataloguedUrl],
    broken: list[str],
    shown: str = "",
) -> None:
    for entry in patterns:
        options = [p + c for p in prefixes for c in _fill(entry.pattern)]
        label = shown + str(entry.pattern)
        if isinstance(entry, URLResolver):
            _walk(entry.url_patterns, options, urlconf, found, broken, label)
            continue
        for candidate in options:
            path = "/" + candidate
            try:
                match = resolve(path, urlconf=urlconf)
            except Resolver404:
                continue
            if match.func == entry.callback or match.route == label:
                found.append(CataloguedUrl(urlconf, label, path, entry.name))
                break
        else:
            broken.append(f"{urlconf}: {label}")


def catalogue(urlconf: str) -> tuple[list[CataloguedUrl], list[str]]:
    """Every URL of `urlconf` as a path, and the patterns no path could be built for."""
    found: list[CataloguedUrl] = []
    broken: list[str] = []
    _walk(get_resolver(urlconf).url_patterns, [""], urlconf, found, broken)
    return found, broken
