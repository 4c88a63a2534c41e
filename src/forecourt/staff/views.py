"""Sign-in, sign-out and the dealer's staff administration pages."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import login, logout
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from forecourt.audit.services import audit_record
from forecourt.core.errors import RateLimited
from forecourt.core.forms import add_service_errors
from forecourt.core.http import StaffRequest
from forecourt.core.views import staff_view
from forecourt.staff.login import LOGIN_FAILED, client_ip, staff_sign_in
from forecourt.staff.models import User
from forecourt.staff.permissions import Action, Role
from forecourt.staff.services import staff_create


class LoginForm(forms.Form):
    username = forms.CharField(
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


def login_view(request: HttpRequest) -> HttpResponse:
    """Show the sign-in form and sign staff in (throttled and audited)."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    form = LoginForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            user = staff_sign_in(request=request, **form.cleaned_data)
        except RateLimited as exc:
            form.add_error(None, exc.message)
            status = 429
        else:
            if user is None:
                form.add_error(None, LOGIN_FAILED)
                status = 401
            else:
                login(request, user)
                if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
                    next_url = ""
                return redirect(next_url or "home")
    return render(request, "staff/login.html", {"form": form, "next": next_url}, status=status)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    """Sign out and return to the sign-in page."""
    logout(request)
    messages.info(request, "You have been signed out.")
    return redirect("login")


class StaffCreateForm(forms.Form):
    username = forms.CharField(max_length=150)
    first_name = forms.CharField(max_length=150, required=False)
    last_name = forms.CharField(max_length=150, required=False)
    # Least privilege unless the admin chooses otherwise.
    role = forms.ChoiceField(choices=Role.choices, initial=Role.VIEWER)
    password = forms.CharField(
        strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )


@staff_view(Action.STAFF_MANAGE)
def staff_admin(request: StaffRequest) -> HttpResponse:
    """List the dealer's staff and add new staff members."""
    form = StaffCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = staff_create(dealer=request.dealer, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            audit_record(
                action="staff.create",
                actor=request.user,
                target=user,
                ip=client_ip(request),
                details={"role": user.role},
            )
            messages.success(request, f"Staff member {user.username} added.")
            return redirect("staff:admin")
    staff = User.objects.filter(dealer=request.dealer).order_by("username")
    return render(request, "staff/admin.html", {"form": form, "staff": staff})
