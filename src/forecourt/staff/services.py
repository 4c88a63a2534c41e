"""Writes for staff users."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from forecourt.staff.models import User
from forecourt.staff.permissions import Role
from forecourt.tenancy.models import Dealer

USERNAME_TAKEN = "That username is already taken."
UNKNOWN_ROLE = "Role must be one of: {roles}."


@transaction.atomic
def staff_create(
    *,
    dealer: Dealer,
    username: str,
    password: str,
    role: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    check_password_strength: bool = True,
) -> User:
    """Create a staff user of `dealer` with `role`; the password is validated unless told not to."""
    if role not in Role.values:
        raise ValidationError({"role": UNKNOWN_ROLE.format(roles=", ".join(Role.values))})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": USERNAME_TAKEN})
    user = User(
        username=username,
        dealer=dealer,
        role=role,
        first_name=first_name,
        last_name=last_name,
        email=email,
    )
    if check_password_strength:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise ValidationError({"password": exc.messages}) from exc
    user.set_password(password)
    user.full_clean()
    user.save()
    return user
