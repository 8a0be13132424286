"""Onboarding tasks. They run in the public schema (sent from the root domain or by beat)."""

from celery import shared_task

from onboarding import checklist, provisioning
from tenants import selectors as tenant_selectors
from tenants.models import School


@shared_task(acks_late=True)
def school_provision_task(school_id: int) -> str:
    """Make one requested school (idempotent: a second copy does nothing)."""
    return provisioning.school_provision(school_id=school_id)


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=30, retry_kwargs={"max_retries": 5})
def admin_invite_task(school_id: int, again: bool = False) -> str:
    """E-mail a new school's first administrator, once (again when an operator asks)."""
    result = provisioning.admin_invite(school_id=school_id, again=again)
    if result == "failed":
        raise ConnectionError(f"the invitation of school {school_id} was not sent")
    return result


@shared_task
def provisioning_sweep_task() -> int:
    """Ask again for schools whose provisioning task was lost or whose worker died."""
    return provisioning.provisioning_sweep()


@shared_task
def milestones_refresh_task() -> int:
    """Date the onboarding steps each school has reached since the last run."""
    count = 0
    for school in tenant_selectors.school_list().filter(
        status__in=[School.Status.ONBOARDING, School.Status.LIVE]
    ):
        checklist.milestones_refresh(school=school)
        count += 1
    return count
