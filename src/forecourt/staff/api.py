"""Sign-in token and `me` endpoints."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from forecourt.core.api import StrictInputMixin
from forecourt.staff.login import LOGIN_FAILED, staff_sign_in
from forecourt.staff.tokens import api_token_issue


class TokenRequestSerializer(StrictInputMixin, serializers.Serializer):
    """Credentials exchanged for an API token."""

    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, trim_whitespace=False)


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField()


class DealerSummarySerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    country = serializers.CharField()


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    dealer = DealerSummarySerializer()
    role = serializers.CharField()


@extend_schema(tags=["auth"], request=TokenRequestSerializer, responses=TokenResponseSerializer)
class TokenView(APIView):
    """Exchange a username and password for an API token."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    def post(self, request: Request) -> Response:
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = staff_sign_in(request=request._request, **serializer.validated_data)
        if user is None or user.dealer_id is None:
            return Response({"detail": LOGIN_FAILED}, status=status.HTTP_401_UNAUTHORIZED)
        return Response({"token": api_token_issue(user=user)})


@extend_schema(tags=["auth"], responses=MeSerializer)
class MeView(APIView):
    """Who the caller is: username, dealer and role."""

    def get(self, request: Request) -> Response:
        return Response(MeSerializer(request.user).data)
