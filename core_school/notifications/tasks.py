"""Delivery tasks. Each runs in one school's schema (tenant-schemas-celery) and takes ids."""

from celery import shared_task
from django.utils import timezone

from core_school.notifications import services


@shared_task(acks_late=True)
def notifications_deliver(delivery_ids: list[int]) -> int:
    """Deliver these rows (those still pending and due). Returns how many were sent."""
    return sum(services.delivery_send(delivery_id) == "sent" for delivery_id in delivery_ids)


@shared_task
def notifications_sweep() -> int:
    """Deliver what is pending and due in this school: rows whose task was lost with a broker
    or a worker, retries after a failure, and messages held back by quiet hours."""
    sent = 0
    for chunk in services.chunks(services.deliveries_due()):
        sent += sum(services.delivery_send(delivery_id) == "sent" for delivery_id in chunk)
    return sent


@shared_task
def notifications_digest() -> int:
    """This school's evening digests; the weekly ones on Saturdays (Hanoi time)."""
    return services.digest_build(weekly=timezone.localdate().weekday() == 5)
