"""The API side of people.access: the signed-in person's Actor, built once per request."""

from functools import cached_property
from typing import Any

from rest_framework import mixins, viewsets
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from core_school.people.access import Actor, actor_for_user


class ActorMixin:
    """Give a viewset `self.actor`, the signed-in person as the school's rules see them.

    Built on first use and kept for the rest of the request (three queries for staff, two for
    guardians and pupils). Every permission decision and every selector takes this Actor.
    """

    request: Request

    @cached_property
    def actor(self) -> Actor:
        return actor_for_user(self.request.user)  # type: ignore[arg-type]


class IsSchoolStaff(BasePermission):
    """Staff only, like the pages' `staff_required`: guardians and pupils are answered 403.

    List it after IsAuthenticated, so that an anonymous request is answered 401 first.
    """

    def has_permission(self, request: Request, view: Any) -> bool:
        return view.actor.staff is not None


class ActorReadViewSet(
    ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """A resource read through a selector narrowed to the Actor (list and retrieve)."""
