"""The data migration: both plans, and the pilot plan for every school already there."""

import importlib

from django.apps import apps

from billing_stub.models import Plan, Subscription
from tenants.models import School

migration = importlib.import_module(
    "billing_stub.migrations.0002_default_plans_and_pilot_subscriptions"
)


def test_the_data_migration_puts_existing_schools_on_the_pilot_plan(
    school_a: School, school_b: School
) -> None:
    # given: schools seeded before billing existed, with no subscription
    Subscription.objects.all().delete()
    # when
    migration.plans_create(apps, None)
    # then
    subscriptions = Subscription.objects.select_related("school", "plan")
    assert {(s.school.slug, s.plan.code) for s in subscriptions} == {
        ("caugiay", Plan.PILOT),
        ("nghiatan", Plan.PILOT),
    }
    assert set(Plan.objects.values_list("code", flat=True)) >= {Plan.PILOT, Plan.STANDARD}
    assert (
        not School.objects.filter(schema_name__in=["public", "template_school"])
        .filter(subscription__isnull=False)
        .exists()
    )
