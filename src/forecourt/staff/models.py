"""Staff users: each belongs to one dealer with one role."""

import hashlib
import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models

from forecourt.staff.permissions import Role


class User(AbstractUser):
    """A staff member of one dealer (superusers may have no dealer and see no tenant data)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    dealer = models.ForeignKey(
        "tenancy.Dealer", on_delete=models.PROTECT, null=True, blank=True, related_name="staff"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.VIEWER)

    class Meta:
        ordering = ["username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class ApiToken(models.Model):
    """An API token; only its SHA-256 digest is stored, the token is shown once."""

    digest = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"API token of {self.user} created {self.created_at:%Y-%m-%d}"

    @staticmethod
    def digest_of(token: str) -> str:
        """Return the stored digest of a raw token."""
        return hashlib.sha256(token.encode()).hexdigest()
