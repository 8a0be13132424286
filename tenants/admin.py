from django.contrib import admin
from django_tenants.admin import TenantAdminMixin

from tenants.models import Authority, AuthorityMembership, Domain, School


@admin.register(School)
class SchoolAdmin(TenantAdminMixin, admin.ModelAdmin):
    list_display = ["name", "code", "slug", "status", "authority", "is_pilot"]
    list_filter = ["status", "is_pilot"]
    search_fields = ["name", "code", "slug"]
    readonly_fields = ["schema_name"]


@admin.register(Domain)
class DomainAdmin(admin.ModelAdmin):
    list_display = ["domain", "tenant", "is_primary"]


@admin.register(Authority)
class AuthorityAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "parent"]


@admin.register(AuthorityMembership)
class AuthorityMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "authority"]
