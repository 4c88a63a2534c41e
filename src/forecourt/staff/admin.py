from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from forecourt.staff.models import User


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    list_display = ["username", "dealer", "role", "is_active"]
    list_filter = ["role", "dealer"]
    fieldsets = (*(UserAdmin.fieldsets or ()), ("Dealer", {"fields": ("dealer", "role")}))
