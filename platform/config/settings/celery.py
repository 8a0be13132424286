"""Celery: broker, serialisation, time limits and the beat schedule."""

# https://docs.celeryq.dev/en/stable/userguide/configuration.html
# With REDIS_URL the broker is Redis; without it, a folder broker that needs no server.
from pathlib import Path

from celery.schedules import crontab

from config.settings.base import REDIS_URL
from config.settings.env import DATA_DIR, env

BROKER_DIR = Path(env.str("CELERY_BROKER_DIR", default=str(DATA_DIR / "broker")))
if REDIS_URL:
    CELERY_BROKER_URL: str = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {}
else:
    CELERY_BROKER_URL = "filesystem://"
    for _folder in ("queue", "processed", "control"):
        (BROKER_DIR / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        # Broadcast (worker control) files; kombu's default is ./control in the working folder.
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }

CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"
CELERY_TASK_TIME_LIMIT = 10 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 9 * 60
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE_FILENAME = str(DATA_DIR / "celerybeat-schedule")
# The worker writes its last task's end state here (liveness probe; see deploy/).
CELERY_WORKER_STATE_FILE: str = env.str("CELERY_WORKER_STATE_FILE", default="")

CELERY_BEAT_SCHEDULE = {
    # Fans out: enqueues one heartbeat per ready school, spread over a minute.
    "schools-heartbeat": {
        "task": "tenants.tasks.schools_heartbeat_fanout",
        "schedule": 5 * 60.0,
    },
    # Fans out: every school delivers its notifications that are due and still pending.
    "notifications-sweep": {
        "task": "tenants.tasks.notifications_sweep_fanout",
        "schedule": 60.0,
    },
    # Fans out at 18:00 Hanoi time: the evening digests (weekly ones on Saturdays).
    "notifications-digest": {
        "task": "tenants.tasks.notifications_digest_fanout",
        "schedule": crontab(hour=18, minute=0),
    },
    # Fans out on the 1st at 02:00 Hanoi time (public schema, one task per ready school):
    # measure the month that just ended and draft its invoice.
    "billing-month-close": {
        "task": "billing_stub.tasks.billing_month_close_fanout",
        "schedule": crontab(day_of_month="1", hour=2, minute=0),
    },
    # Public schema: ask again for schools whose provisioning task was lost.
    "provisioning-sweep": {
        "task": "onboarding.tasks.provisioning_sweep_task",
        "schedule": 60.0,
    },
    # Public schema: date the onboarding steps schools have reached (the checklist).
    "onboarding-milestones": {
        "task": "onboarding.tasks.milestones_refresh_task",
        "schedule": 10 * 60.0,
    },
    # Fans out at 00:30 Hanoi time (one task per ready school, spread over twenty minutes):
    # every school evaluates its early-warning rules, before the figures count its flags.
    "early-warnings-evaluate": {
        "task": "tenants.tasks.early_warnings_evaluate_fanout",
        "schedule": crontab(hour=0, minute=30),
    },
    # Fans out at 01:00 Hanoi time (public schema, one task per ready school, spread over half
    # an hour): every school recomputes and publishes its aggregate figures (reporting).
    "reports-refresh": {
        "task": "reporting.tasks.figures_refresh_fanout",
        "schedule": crontab(hour=1, minute=0),
    },
    # Public schema, at 03:00 Hanoi time: one data-quality check per ready school against its
    # adopted standard; each writes its counts (no personal data) to public.
    "standards-conformance": {
        "task": "onboarding.standards_adoption.conformance_fanout_task",
        "schedule": crontab(hour=3, minute=0),
    },
    # Public schema, at 02:30 Hanoi time: purge the schools whose deletion delay is over.
    "schools-purge-due": {
        "task": "tenants.tasks.schools_purge_due_task",
        "schedule": crontab(hour=2, minute=30),
    },
}
