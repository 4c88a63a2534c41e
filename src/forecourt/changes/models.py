"""Field-level edit history (SPEC D4): append-only and hash-chained per dealer."""

from django.conf import settings
from django.db import models

from forecourt.changes.labels import field_label
from forecourt.core.models import TenantModel
from forecourt.messaging.models import MessageChannel


class Channel(models.TextChoices):
    UI = "ui", "Web UI"
    API = "api", "API"
    CLI = "cli", "Command line"
    IMPORT = "import", "Import"
    MERGE = "merge", "Merge"
    CHANGE_REQUEST = "change_request", "Verified change request"
    SYSTEM = "system", "System"


class FieldChange(models.Model):
    """One field of one record changed from old to new by someone, for a reason.

    The chain covers value digests, not values, so erasing a person (SPEC F3) can blank the
    values and destroy the subject's salt without breaking the chain.
    """

    dealer = models.ForeignKey("tenancy.Dealer", on_delete=models.PROTECT, related_name="+")
    sequence = models.PositiveBigIntegerField()
    entity_type = models.CharField(max_length=40)
    entity_id = models.UUIDField()
    field = models.CharField(max_length=60)
    old_value = models.TextField(null=True, blank=True)
    new_value = models.TextField(null=True, blank=True)
    old_digest = models.CharField(max_length=64)
    new_digest = models.CharField(max_length=64)
    masked = models.BooleanField(default=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(max_length=150, blank=True)
    at = models.DateTimeField()
    reason = models.TextField(blank=True)
    channel = models.CharField(max_length=20, choices=Channel.choices)
    booking_id = models.UUIDField(null=True, blank=True)
    change_request_id = models.UUIDField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    row_hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["-sequence"]
        indexes = [
            models.Index(
                fields=["entity_type", "entity_id", "-sequence"], name="history_entity_seq"
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["dealer", "sequence"], name="history_sequence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.entity_type}:{self.entity_id} {self.field} at {self.at:%Y-%m-%d %H:%M}"

    @property
    def field_label(self) -> str:
        """Return the field's human name."""
        return field_label(self.field)


class HistoryChainHead(models.Model):
    """The latest link of one dealer's history chain; locked while a link is appended."""

    dealer = models.OneToOneField(
        "tenancy.Dealer", on_delete=models.PROTECT, primary_key=True, related_name="+"
    )
    sequence = models.PositiveBigIntegerField(default=0)
    row_hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"History head of {self.dealer_id} at #{self.sequence}"


class HistorySubjectKey(models.Model):
    """A per-record salt for value digests; erasure deletes it, making old digests unlinkable."""

    entity_type = models.CharField(max_length=40)
    entity_id = models.UUIDField()
    salt = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["entity_type", "entity_id"], name="history_subject_unique"
            )
        ]

    def __str__(self) -> str:
        return f"Subject key of {self.entity_type}:{self.entity_id}"


class ChangeRequestStatus(models.TextChoices):
    PENDING_OTP = "pending_otp", "Waiting for OTP"
    VERIFIED = "verified", "Verified"
    APPLIED = "applied", "Applied"
    CANCELLED = "cancelled", "Cancelled"


class ChangeRequest(TenantModel):
    """A proposed change to a customer's protected details, applied only after OTP consent.

    The proposed and previous values are kept encrypted (they may hold a PAN or Aadhaar);
    the OTP is kept only as a keyed digest bound to this request and its issue number.
    """

    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, related_name="change_requests"
    )
    booking = models.ForeignKey(
        "sales.Booking",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="change_requests",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    source = models.CharField(max_length=20, choices=Channel.choices)
    reason = models.TextField()
    fields = models.JSONField(default=list)
    payload_encrypted = models.TextField()
    status = models.CharField(
        max_length=12, choices=ChangeRequestStatus.choices, default=ChangeRequestStatus.PENDING_OTP
    )
    otp_channel = models.CharField(max_length=10, choices=MessageChannel.choices)
    otp_recipient_masked = models.CharField(max_length=80)
    otp_digest = models.CharField(max_length=64, blank=True)
    otp_issue = models.PositiveSmallIntegerField(default=0)
    otp_expires_at = models.DateTimeField(null=True, blank=True)
    otp_failures = models.PositiveSmallIntegerField(default=0)
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    applied_at = models.DateTimeField(null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["dealer", "customer", "-created_at"], name="change_request_cust")
        ]

    def __str__(self) -> str:
        return f"Change request {self.pk} ({self.get_status_display()})"


class OtpResend(TenantModel):
    """One "send a new OTP" for a customer: what the resend limits count (SPEC D3)."""

    customer = models.ForeignKey("customers.Customer", on_delete=models.CASCADE, related_name="+")
    change_request = models.ForeignKey(
        ChangeRequest, on_delete=models.CASCADE, related_name="resends"
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["dealer", "customer", "-created_at"], name="otp_resend_customer")
        ]

    def __str__(self) -> str:
        return f"OTP resent for {self.change_request_id} at {self.created_at:%Y-%m-%d %H:%M}"
