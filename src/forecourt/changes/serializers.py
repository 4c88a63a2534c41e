"""How field history reads over the API (SPEC D4)."""

from __future__ import annotations

from rest_framework import serializers

from forecourt.changes.labels import field_label
from forecourt.changes.models import FieldChange


class FieldChangeSerializer(serializers.ModelSerializer):
    """One changed field: old → new, who, when, why, through which channel."""

    # DRF's metaclass takes declared fields off the class; the stubs see Field.label here.
    label = serializers.SerializerMethodField()  # type: ignore[assignment]
    actor = serializers.CharField(source="actor_name", read_only=True)
    booking = serializers.UUIDField(source="booking_id", read_only=True, allow_null=True)
    old_display = serializers.CharField(
        read_only=True, allow_null=True, help_text="old_value as people read it (staff named)"
    )
    new_display = serializers.CharField(
        read_only=True, allow_null=True, help_text="new_value as people read it (staff named)"
    )
    change_request = serializers.UUIDField(
        source="change_request_id", read_only=True, allow_null=True
    )

    class Meta:
        model = FieldChange
        fields = [
            "sequence",
            "field",
            "label",
            "old_value",
            "new_value",
            "old_display",
            "new_display",
            "masked",
            "actor",
            "at",
            "reason",
            "channel",
            "booking",
            "change_request",
        ]
        read_only_fields = fields

    def get_label(self, change: FieldChange) -> str:
        return field_label(change.field)
