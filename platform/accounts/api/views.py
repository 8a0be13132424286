"""The signed-in user, as seen by this school."""

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.serializers import MeOutputSerializer


class MeApi(APIView):
    @extend_schema(responses=MeOutputSerializer, description="The user this credential belongs to.")
    def get(self, request: Request) -> Response:
        return Response(MeOutputSerializer(request.user).data)
