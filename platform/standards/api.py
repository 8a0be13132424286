"""The standards in the operator API (/api/v1/standards/): list, read, draft, edit, publish.

Registered by console.api.urls; same credentials as the rest of the operator API (operator
token or console session, with TOTP). Every console user reads; operators and superusers
change (403 for the university monitor). Invalid content answers 400 naming each problem.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from console.api.serializers import ErrorOutputSerializer
from console.api.views import ConsoleApiMixin
from standards import selectors, services
from standards.models import StandardVersion

ERRORS = {
    400: ErrorOutputSerializer,
    401: ErrorOutputSerializer,
    403: ErrorOutputSerializer,
    404: ErrorOutputSerializer,
}


class StandardVersionOutputSerializer(serializers.Serializer[StandardVersion]):
    number = serializers.IntegerField(help_text="The version number (1 is the national one).")
    status = serializers.CharField(help_text="draft or published (published never changes).")
    notes = serializers.CharField(help_text="What this version changes, for people.")
    created_at = serializers.DateTimeField(help_text="When the draft was started.")
    created_by = serializers.CharField(
        source="created_by.username", default=None, help_text="Who started the draft."
    )
    published_at = serializers.DateTimeField(
        allow_null=True, help_text="When it was published (null for a draft)."
    )
    published_by = serializers.CharField(
        source="published_by.username", default=None, help_text="Who published it."
    )


class StandardVersionDetailOutputSerializer(StandardVersionOutputSerializer):
    content = serializers.JSONField(
        help_text="subjects, grading, attendance_codes, conduct_codes, data_dictionary, "
        "early_warning_rules."
    )


class DraftCreateInputSerializer(serializers.Serializer[Any]):
    notes = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="What the draft is for."
    )


class DraftUpdateInputSerializer(serializers.Serializer[Any]):
    content = serializers.JSONField(
        help_text="The whole content: subjects, grading, attendance_codes, conduct_codes, "
        "data_dictionary, early_warning_rules."
    )
    notes = serializers.CharField(
        required=False, allow_blank=True, help_text="What this version changes."
    )


def _content_error(error: ValidationError) -> ValidationError:
    return ValidationError({"content": error.messages})


class StandardVersionViewSet(
    ConsoleApiMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The versions of the national data standard, newest first."""

    queryset = StandardVersion.objects.none()  # for the schema only
    serializer_class = StandardVersionOutputSerializer
    lookup_field = "number"
    lookup_value_regex = "[0-9]+"

    def get_queryset(self) -> QuerySet[StandardVersion]:
        return selectors.version_list()

    def get_object(self) -> StandardVersion:
        version = selectors.version_get(number=int(self.kwargs["number"]))
        if version is None:
            raise Http404
        return version

    def _require_may_act(self) -> None:
        if not self.actor.may_act:
            raise PermissionDenied(_("Your role may read the standards but not change them."))

    @extend_schema(responses={200: StandardVersionDetailOutputSerializer, **ERRORS})
    def retrieve(self, request: Request, number: str) -> Response:
        """One version with its whole content."""
        return Response(StandardVersionDetailOutputSerializer(self.get_object()).data)

    @extend_schema(
        request=DraftCreateInputSerializer,
        responses={201: StandardVersionDetailOutputSerializer, **ERRORS},
    )
    def create(self, request: Request) -> Response:
        """Start a draft from the newest published version (one draft at a time)."""
        self._require_may_act()
        serializer = DraftCreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        version = services.draft_create(
            actor=request.user, notes=serializer.validated_data["notes"]
        )
        return Response(
            StandardVersionDetailOutputSerializer(version).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        request=DraftUpdateInputSerializer,
        responses={200: StandardVersionDetailOutputSerializer, **ERRORS},
    )
    def partial_update(self, request: Request, number: str) -> Response:
        """Replace a draft's content (and notes); 400 names every problem (where: why)."""
        self._require_may_act()
        version = self.get_object()
        serializer = DraftUpdateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            version = services.draft_update(
                version=version,
                content=data["content"],
                notes=data.get("notes"),
                actor=request.user,
            )
        except ValidationError as error:
            raise _content_error(error) from None
        return Response(StandardVersionDetailOutputSerializer(version).data)

    @extend_schema(request=None, responses={200: StandardVersionDetailOutputSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, number: str) -> Response:
        """Publish a draft: it never changes again and schools may adopt it."""
        self._require_may_act()
        version = services.version_publish(version=self.get_object(), actor=request.user)
        return Response(StandardVersionDetailOutputSerializer(version).data)
