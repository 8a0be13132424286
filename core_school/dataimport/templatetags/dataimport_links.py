"""{% may_import_data as flag %}: whether the signed-in person may import the school's lists
(for the home page's link). Reads the request's Actor; no query."""

from typing import Any

from django import template

from core_school.dataimport import permissions

register = template.Library()


@register.simple_tag(takes_context=True)
def may_import_data(context: dict[str, Any]) -> bool:
    request = context.get("request")
    actor = getattr(request, "actor", None)
    return actor is not None and permissions.may_import(actor=actor)
