from django.contrib import admin

from forecourt.tenancy.models import Dealer, Site


class SiteInline(admin.TabularInline):
    model = Site
    extra = 0


@admin.register(Dealer)
class DealerAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "country", "currency", "timezone"]
    search_fields = ["name", "slug"]
    inlines = [SiteInline]
