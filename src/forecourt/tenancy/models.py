"""Dealers (tenants) and their sites (rooftops)."""

import uuid
import zoneinfo

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models


class Country(models.TextChoices):
    GB = "GB", "United Kingdom"
    IN = "IN", "India"
    US = "US", "United States"
    CA = "CA", "Canada"


DEFAULT_CURRENCY = {"GB": "GBP", "IN": "INR", "US": "USD", "CA": "CAD"}
DEFAULT_TIMEZONE = {
    "GB": "Europe/London",
    "IN": "Asia/Kolkata",
    "US": "America/New_York",
    "CA": "America/Toronto",
}


def validate_timezone(value: str) -> None:
    """Refuse a time zone name the IANA database does not know."""
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"Unknown time zone “{value}”.")


class Dealer(models.Model):
    """A tenant: a dealer group whose data no other dealer ever sees."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    slug = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=200)
    country = models.CharField(max_length=2, choices=Country.choices)
    currency = models.CharField(max_length=3)
    timezone = models.CharField(max_length=64, validators=[validate_timezone])
    # Sale value above which a PAN is mandatory (India, SPEC B4); null means never.
    pan_required_above = models.DecimalField(
        max_digits=14, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.slug})"


class Site(models.Model):
    """A rooftop (branch) of a dealer."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    dealer = models.ForeignKey(Dealer, on_delete=models.CASCADE, related_name="sites")
    code = models.SlugField(max_length=30)
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["dealer", "code"], name="site_code_unique_per_dealer")
        ]

    def __str__(self) -> str:
        return self.name
