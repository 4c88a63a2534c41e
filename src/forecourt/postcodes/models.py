"""Offline postal-code places (GeoNames, CC-BY 4.0) for address autofill (SPEC B3)."""

from django.db import models


class Postcode(models.Model):
    """A postal code, or for GB/CA a postcode sector, and the place it belongs to."""

    country = models.CharField(max_length=2)
    code = models.CharField(max_length=10)
    place = models.CharField(max_length=180)
    region = models.CharField(max_length=100, blank=True)
    region_code = models.CharField(max_length=10, blank=True)
    county = models.CharField(max_length=100, blank=True)
    district = models.CharField(max_length=100, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["country", "code"], name="postcode_country_code")
        ]

    def __str__(self) -> str:
        return f"{self.country} {self.code} {self.place}"
