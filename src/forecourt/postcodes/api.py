"""GET /api/v1/postcodes/{country}/{code}/: the place a postal code fills on an address."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from forecourt.core.api import IsDealerStaff
from forecourt.postcodes.selectors import postcode_lookup

NOT_FOUND = "No place is known for postal code {code} in {country}."

PlaceAnswer = inline_serializer(
    "PostcodePlace",
    {
        name: serializers.CharField()
        for name in ("postal_code", "city", "region", "county", "country", "precision", "locality")
    },
)


@extend_schema(tags=["postcodes"], responses={200: PlaceAnswer})
class PostcodeView(APIView):
    """City, region, county and country for a postal code (GB, US, CA, IN).

    `precision` is "sector" when a GB/CA code is matched by its sector; `locality` is the
    post office of an Indian PIN (its `city` is the district).
    """

    permission_classes = [IsAuthenticated, IsDealerStaff]

    def get(self, request: Request, country: str, code: str) -> Response:
        try:
            place = postcode_lookup(country=country, code=code)
        except ValidationError as exc:
            raise ValidationError({"postal_code": exc.messages}) from exc
        if place is None:
            return Response(
                {"detail": NOT_FOUND.format(code=code, country=country.upper())},
                status=status.HTTP_404_NOT_FOUND,
            )
        return Response(place.as_dict())
