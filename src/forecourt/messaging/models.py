"""A record of every message sent to a customer: who, how, what kind — never the body."""

from django.db import models

from forecourt.core.models import TenantModel


class MessageChannel(models.TextChoices):
    SMS = "sms", "SMS"
    EMAIL = "email", "Email"


class MessageKind(models.TextChoices):
    OTP = "otp", "One-time password"
    NOTICE = "notice", "Notice"


class Message(TenantModel):
    """One message a delivery backend accepted; the body stays with the backend, not here."""

    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    channel = models.CharField(max_length=10, choices=MessageChannel.choices)
    kind = models.CharField(max_length=20, choices=MessageKind.choices)
    recipient_masked = models.CharField(max_length=80)
    subject = models.CharField(max_length=200, blank=True)
    backend = models.CharField(max_length=20)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["dealer", "customer", "-created_at"], name="message_customer_at")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} by {self.channel} to {self.recipient_masked}"
