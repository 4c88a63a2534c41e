"""Helpers that carry service-layer errors back onto Django forms."""

from django import forms
from django.core.exceptions import ValidationError


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Attach a service's ValidationError to the matching form fields (or the form)."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            target = field if field in form.fields else None
            prefix = "" if target or field == "__all__" else f"{field}: "
            for message in messages:
                form.add_error(target, f"{prefix}{message}")
    else:
        for message in error.messages:
            form.add_error(None, message)
