"""The operator API (root domain, /api/v1/): schools, their lifecycle, and batches.

Authenticated by an operator token (console.authentication) or the console's session; the
caller needs TOTP. A school outside the caller's nodes answers 404; a change by a caller who
may only read answers 403. Each change calls one service.
"""

import dataclasses
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from config.errors import ApplicationError
from console import selectors, services
from console.access import ConsoleActor
from console.api.permissions import IsConsoleUserWithMfa
from console.api.serializers import (
    AcceptedOutputSerializer,
    BatchFileInputSerializer,
    BatchPreviewOutputSerializer,
    BatchProgressOutputSerializer,
    ChecklistStepOutputSerializer,
    CohortInputSerializer,
    DeleteInputSerializer,
    ErrorOutputSerializer,
    ReasonInputSerializer,
    SchoolCreateInputSerializer,
    SchoolDetailOutputSerializer,
    SchoolEventOutputSerializer,
    SchoolOutputSerializer,
)
from console.authentication import OperatorTokenAuthentication
from onboarding import checklist as onboarding_checklist
from onboarding import provisioning
from onboarding.models import ProvisioningBatch
from tenants import lifecycle
from tenants import selectors as tenant_selectors
from tenants.models import School

ERRORS = {
    400: ErrorOutputSerializer,
    401: ErrorOutputSerializer,
    403: ErrorOutputSerializer,
    404: ErrorOutputSerializer,
}


class ConsoleApiMixin:
    """Operator credentials only: the operator token, or the console's session."""

    authentication_classes = [OperatorTokenAuthentication, SessionAuthentication]
    permission_classes = [IsConsoleUserWithMfa]
    request: Request

    @property
    def actor(self) -> ConsoleActor:
        return self.request.console_actor  # type: ignore[attr-defined,no-any-return]

    def require_may_act(self) -> None:
        if not self.actor.may_act:
            raise PermissionDenied(_("Your role may read the console but not change schools."))


class SchoolFilter(filters.FilterSet):
    status = filters.ChoiceFilter(
        choices=[(s.value, s.label) for s in selectors.CONSOLE_STATUSES],
        help_text="Only the schools in this status.",
    )
    authority = filters.CharFilter(
        method="filter_authority",
        help_text="Only the schools under this authority node (its code), itself included.",
    )
    pilot = filters.BooleanFilter(
        field_name="is_pilot", help_text="Only pilot (or non-pilot) schools."
    )
    search = filters.CharFilter(method="filter_search", help_text="Part of the name or the code.")

    class Meta:
        model = School
        fields = ["status", "authority", "pilot", "search"]

    def filter_authority(
        self, queryset: QuerySet[School], name: str, value: str
    ) -> QuerySet[School]:
        node = (
            selectors.authority_list_for_actor(actor=self.request.console_actor)
            .filter(  # type: ignore[union-attr]
                code=value
            )
            .first()
        )
        if node is None:
            return queryset.none()
        return queryset.filter(authority__path__startswith=node.path)

    def filter_search(self, queryset: QuerySet[School], name: str, value: str) -> QuerySet[School]:
        return selectors.school_list_filtered(
            schools=queryset, filters=selectors.SchoolFilters(search=value.strip())
        )


def _problems_of(preview: provisioning.BatchPreview) -> list[dict[str, Any]]:
    return [dataclasses.asdict(problem) for problem in preview.problems]


def _rows_of(preview: provisioning.BatchPreview) -> list[dict[str, Any]]:
    """The rows as JSON: the authority by its code (the object itself stays here)."""
    return [{k: v for k, v in row.items() if k != "authority"} for row in preview.rows]


class SchoolViewSet(
    ConsoleApiMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The schools under the caller's nodes (the pilot schools for the university team)."""

    queryset = School.objects.none()  # for the schema only: rows come from get_queryset()
    serializer_class = SchoolOutputSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = SchoolFilter
    lookup_field = "code"
    lookup_value_regex = "[^/]+"

    def get_queryset(self) -> QuerySet[School]:
        return selectors.school_list_for_actor(actor=self.actor).order_by("name", "pk")

    def get_object(self) -> School:
        return selectors.school_get_for_actor(actor=self.actor, code=self.kwargs["code"])

    def _to_act_on(self) -> School:
        school = self.get_object()
        if not self.actor.may_act_on(school):
            raise PermissionDenied(_("Your role may read this school but not change it."))
        return school

    def _answer(self, school: School, code: int = status.HTTP_200_OK) -> Response:
        school.refresh_from_db()
        return Response(SchoolOutputSerializer(school).data, status=code)

    @extend_schema(responses={200: SchoolDetailOutputSerializer, **ERRORS})
    def retrieve(self, request: Request, code: str) -> Response:
        """One school, with how its provisioning went."""
        school = self.get_object()
        context = {"provisioning": selectors.provisioning_for_school(school=school)}
        return Response(SchoolDetailOutputSerializer(school, context=context).data)

    @extend_schema(
        request=SchoolCreateInputSerializer, responses={201: SchoolOutputSerializer, **ERRORS}
    )
    def create(self, request: Request) -> Response:
        """Request a new school under one of the caller's nodes: it is provisioned in the
        background (its status goes requested → provisioning → onboarding)."""
        self.require_may_act()
        serializer = SchoolCreateInputSerializer(data=request.data)
        serializer.fields["authority"].queryset = selectors.authority_list_for_actor(  # type: ignore[attr-defined]
            actor=self.actor
        )
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        school = provisioning.school_request(
            name=data["name"],
            code=data["code"].strip().upper(),
            slug=data["slug"].strip().lower(),
            authority=data["authority"],
            is_pilot=data["is_pilot"],
            admin_name=data["admin_name"],
            admin_email=data["admin_email"],
            admin_phone=data["admin_phone"],
            actor=request.user,
        )
        return self._answer(school, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: SchoolOutputSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def retry(self, request: Request, code: str) -> Response:
        """Provision a failed school again."""
        return self._answer(
            provisioning.provision_retry(school=self._to_act_on(), actor=request.user)
        )

    @extend_schema(request=ReasonInputSerializer, responses={200: SchoolOutputSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def suspend(self, request: Request, code: str) -> Response:
        """Suspend a school: nobody signs in on its address until it is resumed."""
        school = self._to_act_on()
        serializer = ReasonInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        lifecycle.school_suspend(
            school=school, reason=serializer.validated_data["reason"], actor=request.user
        )
        return self._answer(school)

    @extend_schema(request=None, responses={200: SchoolOutputSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def resume(self, request: Request, code: str) -> Response:
        """Open a suspended school again."""
        school = self._to_act_on()
        lifecycle.school_resume(school=school, actor=request.user)
        return self._answer(school)

    @extend_schema(request=ReasonInputSerializer, responses={200: SchoolOutputSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def archive(self, request: Request, code: str) -> Response:
        """Archive a school: its address no longer serves it; its data is kept."""
        school = self._to_act_on()
        serializer = ReasonInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        lifecycle.school_archive(
            school=school, reason=serializer.validated_data["reason"], actor=request.user
        )
        return self._answer(school)

    @extend_schema(request=CohortInputSerializer, responses={200: SchoolOutputSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def cohort(self, request: Request, code: str) -> Response:
        """Put the school in the pilot, in the comparison cohort or in neither (logged)."""
        school = self._to_act_on()
        serializer = CohortInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        lifecycle.school_cohort_set(
            school=school, cohort=serializer.validated_data["cohort"], actor=request.user
        )
        return self._answer(school)

    @extend_schema(request=None, responses={200: SchoolOutputSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def unarchive(self, request: Request, code: str) -> Response:
        """Bring an archived school back."""
        school = self._to_act_on()
        lifecycle.school_unarchive(school=school, actor=request.user)
        return self._answer(school)

    @extend_schema(request=None, responses={202: AcceptedOutputSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def export(self, request: Request, code: str) -> Response:
        """Export all the school's data to an archive, in the background."""
        school = self._to_act_on()
        services.school_export_enqueue(school=school, actor=request.user)  # type: ignore[arg-type]
        return Response(
            {"message": _("The export has started; the archive appears in the console.")},
            status=status.HTTP_202_ACCEPTED,
        )

    @extend_schema(request=DeleteInputSerializer, responses={200: SchoolOutputSerializer, **ERRORS})
    # NOTE: not a method named `delete`: the viewset would then answer HTTP DELETE on the
    # school's own URL with it.
    @action(detail=True, methods=["post"], url_path="delete", url_name="delete")
    def delete_request(self, request: Request, code: str) -> Response:
        """Ask for the school's deletion: it is archived now and deleted for good after the
        retention delay, unless cancelled."""
        school = self._to_act_on()
        serializer = DeleteInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        lifecycle.school_delete_request(
            school=school,
            confirm_code=serializer.validated_data["confirm_code"].strip(),
            actor=request.user,
        )
        return self._answer(school)

    @extend_schema(request=None, responses={200: SchoolOutputSerializer, **ERRORS})
    @action(detail=True, methods=["post"], url_path="delete-cancel", url_name="delete-cancel")
    def delete_cancel(self, request: Request, code: str) -> Response:
        """Cancel a pending deletion during the retention delay."""
        school = self._to_act_on()
        lifecycle.school_delete_cancel(school=school, actor=request.user)
        return self._answer(school)

    @extend_schema(request=None, responses={200: SchoolOutputSerializer, **ERRORS})
    @action(detail=True, methods=["post"], url_path="go-live", url_name="go-live")
    def go_live(self, request: Request, code: str) -> Response:
        """Mark an onboarding school live (before every checklist step is reached)."""
        school = self._to_act_on()
        onboarding_checklist.school_go_live(school=school, actor=request.user)
        return self._answer(school)

    @extend_schema(request=None, responses={202: AcceptedOutputSerializer, **ERRORS})
    @action(detail=True, methods=["post"], url_path="invite-again", url_name="invite-again")
    def invite_again(self, request: Request, code: str) -> Response:
        """E-mail the school's first administrator a new link to choose a password."""
        school = self._to_act_on()
        provisioning.admin_invite_again(school=school, actor=request.user)
        return Response(
            {"message": _("The invitation is sent again.")}, status=status.HTTP_202_ACCEPTED
        )

    @extend_schema(
        request=None, responses={200: ChecklistStepOutputSerializer(many=True), **ERRORS}
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="checklist-refresh",
        url_name="checklist-refresh",
        pagination_class=None,
        filter_backends=[],
    )
    def checklist_refresh(self, request: Request, code: str) -> Response:
        """Date the checklist steps the school has reached now (also done every night)."""
        school = self._to_act_on()
        if school.status not in (School.Status.ONBOARDING, School.Status.LIVE):
            raise ValidationError(_("Only an open school has a checklist to refresh."))
        steps = onboarding_checklist.milestones_refresh(school=school)
        return Response(ChecklistStepOutputSerializer(steps, many=True).data)

    @extend_schema(responses={200: ChecklistStepOutputSerializer(many=True), **ERRORS})
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def checklist(self, request: Request, code: str) -> Response:
        """The school's onboarding checklist, with the date each step was reached."""
        steps = onboarding_checklist.school_checklist(school=self.get_object())
        return Response(ChecklistStepOutputSerializer(steps, many=True).data)

    @extend_schema(responses={200: SchoolEventOutputSerializer(many=True), **ERRORS})
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def events(self, request: Request, code: str) -> Response:
        """What happened to the school (suspended, archived, exported...), newest first."""
        events = tenant_selectors.school_events(school=self.get_object())
        return Response(SchoolEventOutputSerializer(events, many=True).data)


class BatchViewSet(ConsoleApiMixin, viewsets.GenericViewSet):
    """Many schools at once from a CSV or Excel file, and how far their provisioning is."""

    queryset = ProvisioningBatch.objects.none()  # for the schema only
    serializer_class = BatchProgressOutputSerializer
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    lookup_url_kwarg = "batch_id"
    lookup_value_regex = "[0-9a-f-]{36}"

    def _file(self, request: Request) -> tuple[bytes, str]:
        self.require_may_act()
        serializer = BatchFileInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        return upload.read(), upload.name

    def _progress(self, batch: ProvisioningBatch) -> dict[str, Any]:
        progress = provisioning.batch_progress(batch=batch)
        total = int(progress.get("total") or 0)
        finished = int(progress.get("done") or 0) + int(progress.get("failed") or 0)
        percent = 100 if total == 0 else min(100, finished * 100 // total)
        return {"id": batch.pk, "file_name": batch.file_name, **progress, "percent": percent}

    @extend_schema(
        request={"multipart/form-data": BatchFileInputSerializer},
        responses={201: BatchProgressOutputSerializer, **ERRORS},
    )
    def create(self, request: Request) -> Response:
        """Create every school of the file, or none: a file with any problem is refused with
        the list of problems (row, column, value, reason) in `extra.problems`."""
        content, name = self._file(request)
        try:
            batch = provisioning.batch_create(
                file_bytes=content, file_name=name, actor=request.user
            )
        except ValidationError as error:
            preview = provisioning.batch_preview(
                file_bytes=content, file_name=name, actor=request.user
            )
            raise ApplicationError(
                _("Nothing was created: the file has problems."),
                extra={"problems": _problems_of(preview)},
            ) from error
        return Response(self._progress(batch), status=status.HTTP_201_CREATED)

    @extend_schema(
        request={"multipart/form-data": BatchFileInputSerializer},
        responses={200: BatchPreviewOutputSerializer, **ERRORS},
    )
    @action(detail=False, methods=["post"])
    def preview(self, request: Request) -> Response:
        """Read the file and list its schools and every problem, creating nothing."""
        content, name = self._file(request)
        preview = provisioning.batch_preview(file_bytes=content, file_name=name, actor=request.user)
        return Response({"rows": _rows_of(preview), "problems": _problems_of(preview)})

    @extend_schema(responses={200: BatchProgressOutputSerializer, **ERRORS})
    def retrieve(self, request: Request, batch_id: str) -> Response:
        """How far the batch is: schools ready, failed and in progress."""
        batches = ProvisioningBatch.objects.all()
        if not self.actor.is_superuser:
            batches = batches.filter(created_by=self.actor.user)
        batch = batches.filter(pk=batch_id).first()
        if batch is None:
            raise Http404
        return Response(self._progress(batch))
