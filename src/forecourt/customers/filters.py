"""The customer list's API filters: the same names as the UI list and exports use."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet

from forecourt.customers.listing import API_ORDERINGS, ORDERINGS, CustomerFilter, customer_filtered
from forecourt.customers.models import Customer, CustomerStatus


class CustomerFilterSet(django_filters.FilterSet):
    """`?q=&registered_after=&registered_before=&status=&ordering=` on /api/v1/customers/."""

    q = django_filters.CharFilter(method="filter_noop", label="Search text")
    registered_after = django_filters.DateFilter(method="filter_noop")
    registered_before = django_filters.DateFilter(method="filter_noop")
    status = django_filters.ChoiceFilter(choices=CustomerStatus.choices, method="filter_noop")
    ordering = django_filters.ChoiceFilter(
        choices=[(o, o) for name in API_ORDERINGS for o in (name, f"-{name}")],
        method="filter_noop",
    )

    class Meta:
        model = Customer
        fields: list[str] = []

    def filter_noop(self, queryset: QuerySet[Customer], name: str, value: Any) -> QuerySet:
        return queryset  # applied together in filter_queryset, through the selector

    def filter_queryset(self, queryset: QuerySet[Customer]) -> QuerySet[Customer]:
        data = self.form.cleaned_data
        flt = CustomerFilter.from_dict(data)
        filtered, _ = customer_filtered(dealer=self.request.user.dealer, flt=flt, queryset=queryset)
        ordering = data.get("ordering") or ""
        if ordering:
            fields = ORDERINGS[API_ORDERINGS[ordering.lstrip("-")]]
            prefix = "-" if ordering.startswith("-") else ""
            filtered = filtered.order_by(*(prefix + f for f in fields))
        elif not flt.q:
            filtered = filtered.order_by("-created_at", "-pk")
        return filtered
