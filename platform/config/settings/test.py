"""Test settings: the same platform, tuned for speed (pytest only)."""

from config.settings import *

# NOTE: no fast MD5 password hasher: the browser and real-worker tests run gunicorn and Celery
# with the production settings on the same database, which must verify the demo's hashes.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Text messages land in config.sms.outbox.
SMS_BACKEND = "config.sms.LocmemBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
LOGGING["root"]["level"] = "WARNING"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
# WhiteNoise warns (an error under pytest) when STATIC_ROOT is missing, as on a fresh clone
# where no collectstatic ran; the finders serve the files in tests.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# The health middleware keeps its counts until a test writes them (reporting.health_flush).
HEALTH_FLUSH_SECONDS = None
