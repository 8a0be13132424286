"""Billing in the Django admin (root domain, platform staff): plans are editable; usage,
invoices and payments are read here and written by billing_stub.services."""

from django.contrib import admin

from billing_stub.models import ApiUsageDay, Invoice, Payment, Plan, Subscription, UsageRecord


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "price_per_pupil_vnd",
        "included_api_calls",
        "storage_quota_bytes",
        "is_active",
    ]


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["school", "plan", "status", "started_on", "ended_on"]
    list_select_related = ["school", "plan"]
    readonly_fields = ["changed_at", "changed_by"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(UsageRecord)
class UsageRecordAdmin(ReadOnlyAdmin):
    list_display = ["school", "month", "active_pupils", "staff", "storage_bytes", "api_calls"]
    list_select_related = ["school"]


@admin.register(ApiUsageDay)
class ApiUsageDayAdmin(ReadOnlyAdmin):
    list_display = ["school", "day", "calls"]
    list_select_related = ["school"]


@admin.register(Invoice)
class InvoiceAdmin(ReadOnlyAdmin):
    list_display = ["number", "school_name", "month", "total_vnd", "status"]
    list_filter = ["status", "month"]
    search_fields = ["number", "school_name", "school_code"]


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ["invoice", "amount_vnd", "status", "reference", "created_at"]
    list_select_related = ["invoice"]
