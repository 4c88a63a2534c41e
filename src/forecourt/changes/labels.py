"""Human names of fields, for history, OTP messages and change screens."""

# How fields read to people where their names alone would not do.
FIELD_LABELS = {
    "phone_mobile": "mobile phone",
    "phone_home": "home phone",
    "phone_work": "work phone",
    "email_2": "second email",
    "address_line1": "address line 1",
    "address_line2": "address line 2",
    "region": "state/region",
    "pan": "PAN",
    "aadhaar": "Aadhaar",
    "vin": "VIN",
    "day_night": "day/night contact",
    "default_email": "email is default contact",
    "on_stop": "account on stop",
    "contact_phone": "contact by phone",
    "contact_sms": "contact by SMS",
    "contact_email": "contact by email",
    "contact_post": "contact by post",
    "social_handle": "social media handle",
    "mileage_date": "mileage recorded on",
}


def field_label(name: str) -> str:
    """Return the human name of a field (e.g. 'mobile phone' for phone_mobile)."""
    return FIELD_LABELS.get(name, name.replace("_", " "))
