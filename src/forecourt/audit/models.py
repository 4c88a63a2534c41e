"""Audit events (SPEC A3): who did what, when, from where — never personal data."""

import uuid

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """One audited action: a sign-in, an export, a merge, an OTP send…"""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    dealer = models.ForeignKey(
        "tenancy.Dealer", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(max_length=60)
    target_type = models.CharField(max_length=60, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    details = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["dealer", "action", "-at"], name="audit_dealer_action_at")]

    def __str__(self) -> str:
        return f"{self.action} by {self.actor_id or 'anonymous'} at {self.at:%Y-%m-%d %H:%M}"
