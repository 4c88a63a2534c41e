"""The customer master record (SPEC B1–B11)."""

from django.conf import settings
from django.db import models

from forecourt.core.models import StaffNote, TenantModel


class CustomerKind(models.TextChoices):
    INDIVIDUAL = "individual", "Individual"
    COMPANY = "company", "Company"
    FLEET = "fleet", "Fleet"


BUILTIN_CATEGORIES = {
    "end_user": "End user",
    "corporate": "Corporate",
    "government": "Government",
    "internal": "Dealer internal",
}


class CustomerStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    INACTIVE = "inactive", "Inactive"


class Gender(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    OTHER = "other", "Other"
    UNDISCLOSED = "undisclosed", "Prefer not to say"


class PaymentTerms(models.TextChoices):
    CASH = "cash", "Cash"
    DAYS_7 = "7_days", "7 days"
    DAYS_30 = "30_days", "30 days"
    DAYS_60 = "60_days", "60 days"
    DAYS_90 = "90_days", "90 days"


class DayNight(models.TextChoices):
    ANY = "any", "Any time"
    DAY = "day", "Day"
    NIGHT = "night", "Night"


class CustomerCategory(TenantModel):
    """A dealer-defined customer category beyond the built-in ones."""

    code = models.SlugField(max_length=40)
    label = models.CharField(max_length=100)

    class Meta:
        ordering = ["label"]
        constraints = [
            models.UniqueConstraint(
                fields=["dealer", "code"], name="category_code_unique_per_dealer"
            )
        ]

    def __str__(self) -> str:
        return self.label


class Customer(TenantModel):
    """A person, company or fleet the dealer does business with."""

    version = models.PositiveIntegerField(default=1)
    external_id = models.CharField(max_length=64, blank=True)
    status = models.CharField(
        max_length=10, choices=CustomerStatus.choices, default=CustomerStatus.ACTIVE
    )
    inactive_reason = models.CharField(max_length=100, blank=True)

    # B1 identity
    kind = models.CharField(
        max_length=12, choices=CustomerKind.choices, default=CustomerKind.INDIVIDUAL
    )
    category = models.CharField(max_length=40, default="end_user")
    title = models.CharField(max_length=20, blank=True)
    first_name = models.CharField(max_length=100, blank=True)
    middle_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    company_name = models.CharField(max_length=200, blank=True)
    contact_name = models.CharField(max_length=200, blank=True)
    birth_date = models.DateField(null=True, blank=True)
    gender = models.CharField(max_length=12, choices=Gender.choices, blank=True)
    language = models.CharField(max_length=10, blank=True)

    # B2 contact points: phones stored as E.164
    phone_home = models.CharField(max_length=20, blank=True)
    phone_work = models.CharField(max_length=20, blank=True)
    phone_mobile = models.CharField(max_length=20, blank=True)
    fax = models.CharField(max_length=20, blank=True)
    email = models.CharField(max_length=254, blank=True)
    email_2 = models.CharField(max_length=254, blank=True)
    default_email = models.BooleanField(default=False)

    # B3 address
    address_line1 = models.CharField(max_length=200, blank=True)
    address_line2 = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    region = models.CharField(max_length=100, blank=True)
    postal_code = models.CharField(max_length=12, blank=True)
    county = models.CharField(max_length=100, blank=True)
    country = models.CharField(max_length=2, blank=True)

    # B4 national IDs (India): encrypted, with a keyed digest for exact lookup and a mask
    pan_encrypted = models.TextField(blank=True)
    pan_digest = models.CharField(max_length=64, blank=True)
    pan_masked = models.CharField(max_length=12, blank=True)
    aadhaar_encrypted = models.TextField(blank=True)
    aadhaar_digest = models.CharField(max_length=64, blank=True)
    aadhaar_masked = models.CharField(max_length=16, blank=True)

    # B5 account
    account_number = models.CharField(max_length=30, blank=True)
    payment_terms = models.CharField(max_length=10, choices=PaymentTerms.choices, blank=True)
    credit_limit = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    balance = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    on_stop = models.BooleanField(default=False)

    # B6 communication preferences (True = the customer accepts contact on that channel)
    contact_phone = models.BooleanField(default=True)
    contact_sms = models.BooleanField(default=True)
    contact_email = models.BooleanField(default=True)
    contact_post = models.BooleanField(default=True)
    day_night = models.CharField(max_length=5, choices=DayNight.choices, default=DayNight.ANY)
    preferred_advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    fleet = models.BooleanField(default=False)
    social_handle = models.CharField(max_length=100, blank=True)

    # B11 assigned staff (at most two, checked by the service)
    assigned_staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="assigned_customers"
    )

    # B8 verified info
    last_verified_at = models.DateTimeField(null=True, blank=True)
    last_verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    # F2/F3 lifecycle
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_from"
    )
    erased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["dealer", "-created_at"], name="customer_dealer_created"),
            models.Index(fields=["dealer", "last_name", "first_name"], name="customer_dealer_name"),
            models.Index(fields=["dealer", "phone_mobile"], name="customer_dealer_mobile"),
            models.Index(fields=["dealer", "email"], name="customer_dealer_email"),
            models.Index(fields=["dealer", "account_number"], name="customer_dealer_account"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["dealer", "external_id"],
                condition=~models.Q(external_id=""),
                name="customer_external_id_unique_per_dealer",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("customers:detail", args=[self.pk])

    @property
    def display_name(self) -> str:
        """Return the name staff know the customer by."""
        if self.erased_at:
            return "Deleted Customer"
        person = " ".join(p for p in [self.title, self.first_name, self.last_name] if p)
        if self.kind != CustomerKind.INDIVIDUAL and self.company_name:
            return self.company_name
        return person or self.company_name or "(no name)"

    @property
    def is_live(self) -> bool:
        """True unless the record was erased or merged away."""
        return self.erased_at is None and self.merged_into_id is None


class CustomerNote(StaffNote):
    """A note about a customer, separate from the change history (SPEC B9)."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="notes")


class AssociationType(models.TextChoices):
    SPOUSE = "spouse", "Spouse"
    EMPLOYER = "employer", "Employer"
    REFERRED_BY = "referred_by", "Referred by"
    HOUSEHOLD = "household", "Same household"
    FLEET_DRIVER = "fleet_driver", "Fleet driver"


# How a link reads from the other side: "A —employer→ B" shows on B as "Employee of A".
ASSOCIATION_INVERSE_LABELS = {
    AssociationType.SPOUSE: "Spouse",
    AssociationType.EMPLOYER: "Employee",
    AssociationType.REFERRED_BY: "Referred",
    AssociationType.HOUSEHOLD: "Same household",
    AssociationType.FLEET_DRIVER: "Drives for",
}


class CustomerAssociation(TenantModel):
    """A typed link between two customers (SPEC B10): `customer`'s `kind` is `related`."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="associations")
    related = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="associations_in")
    kind = models.CharField(max_length=20, choices=AssociationType.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "related", "kind"], name="customer_association_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(customer=models.F("related")), name="association_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.customer_id} {self.kind} {self.related_id}"
