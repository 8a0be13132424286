"""The signed-in user's own inbox over the API (an app can show and clear it)."""

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from core_school.notifications import services
from core_school.notifications.api.serializers import (
    MarkedReadOutputSerializer,
    NotificationOutputSerializer,
    NotificationReadInputSerializer,
)
from core_school.notifications.models import Notification


class NotificationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Notifications of the user the credential belongs to, newest first."""

    queryset = Notification.objects.none()  # for the schema only
    serializer_class = NotificationOutputSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self) -> QuerySet[Notification]:
        return Notification.objects.filter(user=self.request.user).order_by("-created_at", "-pk")

    @extend_schema(
        request=NotificationReadInputSerializer,
        responses={200: MarkedReadOutputSerializer},
        description="Mark some (ids) or all of the user's notifications read.",
    )
    @action(detail=False, methods=["post"], url_path="mark-read")
    def mark_read(self, request: Request) -> Response:
        payload = NotificationReadInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        count = services.inbox_mark_read(
            user=request.user,  # type: ignore[arg-type]
            notification_ids=payload.validated_data.get("ids"),
        )
        return Response({"marked_read": count})
