"""Vehicle sales bookings (SPEC D1): the worksheet the invoice lock (D2) hangs on."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from forecourt.core.models import TenantModel


class BookingStatus(models.TextChoices):
    BOOKED = "booked", "Booked"
    INVOICED = "invoiced", "Invoiced"
    DELIVERED = "delivered", "Delivered"


class Booking(TenantModel):
    """A customer's booking of a vehicle sale, from booking through invoice to delivery."""

    number = models.CharField(max_length=20)
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, related_name="bookings"
    )
    vehicle = models.ForeignKey(
        "vehicles.Vehicle", on_delete=models.PROTECT, null=True, blank=True, related_name="bookings"
    )
    salesperson = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sale_value = models.DecimalField(
        max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    status = models.CharField(
        max_length=10, choices=BookingStatus.choices, default=BookingStatus.BOOKED
    )
    booked_on = models.DateField()
    invoice_number = models.CharField(max_length=20, blank=True)
    invoiced_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-booked_on", "-created_at"]
        indexes = [
            models.Index(fields=["dealer", "status", "-booked_on"], name="booking_dealer_status"),
            models.Index(fields=["dealer", "customer"], name="booking_dealer_customer"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["dealer", "number"], name="booking_number_unique"),
            models.UniqueConstraint(
                fields=["dealer", "invoice_number"],
                condition=~models.Q(invoice_number=""),
                name="booking_invoice_number_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("sales:booking", args=[self.pk])

    @property
    def customer_edit_allowed(self) -> bool:
        """True until the booking is invoiced: only then may the customer be edited through it."""
        return self.status == BookingStatus.BOOKED
