"""The pilot and standard plans, and a pilot subscription for every school already there.

The values are frozen here (billing_stub.plans holds the same for `billing_plans_ensure`):
a migration must do the same thing whenever it runs.
"""

from django.conf import settings
from django.db import migrations
from django.utils import timezone

GIGABYTE = 1_000_000_000
PLANS = [
    {
        "code": "pilot",
        "name": "Thí điểm",
        "price_per_pupil_vnd": 0,
        "included_api_calls": 1_000_000,
        "api_overage_per_1000_vnd": 0,
        "storage_quota_bytes": 20 * GIGABYTE,
        "storage_overage_per_gb_vnd": 0,
    },
    {
        "code": "standard",
        "name": "Tiêu chuẩn",
        "price_per_pupil_vnd": 3_000,
        "included_api_calls": 200_000,
        "api_overage_per_1000_vnd": 2_000,
        "storage_quota_bytes": 20 * GIGABYTE,
        "storage_overage_per_gb_vnd": 5_000,
    },
]


def plans_create(apps, schema_editor):
    Plan = apps.get_model("billing_stub", "Plan")
    School = apps.get_model("tenants", "School")
    Subscription = apps.get_model("billing_stub", "Subscription")
    for values in PLANS:
        Plan.objects.get_or_create(code=values["code"], defaults=values)
    pilot = Plan.objects.get(code="pilot")
    schools = School.objects.exclude(
        schema_name__in=[settings.PUBLIC_SCHEMA_NAME, settings.TENANT_BASE_SCHEMA]
    ).filter(subscription__isnull=True)
    today = timezone.localdate()
    Subscription.objects.bulk_create(
        [
            Subscription(school=school, plan=pilot, status="active", started_on=today)
            for school in schools
        ]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("billing_stub", "0001_plans_subscriptions_usage_invoices"),
        ("tenants", "0001_initial"),
    ]

    operations = [migrations.RunPython(plans_create, migrations.RunPython.noop)]
