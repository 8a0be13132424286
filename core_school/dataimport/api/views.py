"""The import API (/api/v1/imports/): upload a list and get its preview with every problem,
commit a clean preview by id, download the school's lists or empty templates. The principal
and the school administrator only; writes go through dataimport.services."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from core_school.dataimport import permissions, selectors, services
from core_school.dataimport.api.serializers import (
    ImportErrorOutputSerializer,
    ImportExportQueryInputSerializer,
    ImportRunOutputSerializer,
    ImportUploadInputSerializer,
)
from core_school.dataimport.models import ImportRun
from core_school.people.api.access import ActorMixin, IsSchoolStaff
from core_school.reports.downloads import file_response

ERRORS = {
    400: ImportErrorOutputSerializer,
    403: ImportErrorOutputSerializer,
    404: ImportErrorOutputSerializer,
}
FILE_RESPONSE = OpenApiResponse(
    response=OpenApiTypes.BINARY,
    description="The file (.xlsx or .csv), as an attachment.",
)


class MayImport(BasePermission):
    """The principal and the school administrator (after IsSchoolStaff)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return permissions.may_import(actor=view.actor)


class ImportRunViewSet(
    ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Imports of the school's lists: clean previews ready to commit, and committed ones."""

    queryset = ImportRun.objects.none()  # for the schema only: rows come from get_queryset()
    serializer_class = ImportRunOutputSerializer
    permission_classes = [IsAuthenticated, IsSchoolStaff, MayImport]
    parser_classes = [MultiPartParser, FormParser]

    def get_queryset(self) -> QuerySet[ImportRun]:
        return ImportRun.objects.select_related("created_by").order_by("-created_at", "-pk")

    @extend_schema(
        request={"multipart/form-data": ImportUploadInputSerializer},
        responses={201: ImportRunOutputSerializer, **ERRORS},
        description=(
            "Upload a list and check it against the school. A clean file is kept as a run "
            "ready to commit (201). A file with problems is not kept: 400 lists every problem "
            "(sheet, row, column, value, message) with the counts; a file that cannot be read "
            "at all (too big, damaged, not UTF-8, required columns missing) answers 400 too."
        ),
    )
    def create(self, request: Request) -> Response:
        payload = ImportUploadInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        upload = payload.validated_data["file"]
        services.file_size_check(file_name=upload.name, size=upload.size)
        result = services.import_preview(
            actor=self.actor,
            kind=payload.validated_data["kind"],
            layout=payload.validated_data["layout"],
            file_name=upload.name,
            data=upload.read(),
        )
        if result.run is None:
            raise services.problems_error(result.preview)
        run = self.get_queryset().get(pk=result.run.pk)
        return Response(ImportRunOutputSerializer(run).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=None,
        responses={200: ImportRunOutputSerializer, **ERRORS},
        description=(
            "Write the run's file into the school, all or nothing. The file is checked again "
            "against the school as it is now; 400 lists every problem found then."
        ),
    )
    @action(detail=True, methods=["post"])
    def commit(self, request: Request, pk: str) -> Response:
        run = self.get_object()
        services.import_commit(run_id=run.pk, actor=self.actor)
        return Response(ImportRunOutputSerializer(self.get_queryset().get(pk=run.pk)).data)

    def _download(self, request: Request, *, empty: bool) -> HttpResponse:
        query = ImportExportQueryInputSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        exported = selectors.list_export(
            kind=query.validated_data["kind"],
            layout=query.validated_data["layout"],
            file_format=query.validated_data["file_format"],
            empty=empty,
        )
        return file_response(
            exported.content,
            content_type=exported.content_type,
            filename=exported.file_name,
            inline=False,
        )

    @extend_schema(
        parameters=[ImportExportQueryInputSerializer],
        responses={200: FILE_RESPONSE, **ERRORS},
        description="The school's list in a layout, ready to import back unchanged.",
    )
    @action(detail=False, methods=["get"])
    def export(self, request: Request) -> HttpResponse:
        return self._download(request, empty=False)

    @extend_schema(
        parameters=[ImportExportQueryInputSerializer],
        responses={200: FILE_RESPONSE, **ERRORS},
        description="An empty list in a layout: its headers, to fill in.",
    )
    @action(detail=False, methods=["get"])
    def template(self, request: Request) -> HttpResponse:
        return self._download(request, empty=True)
