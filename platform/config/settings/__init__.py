"""Settings for every environment (DJANGO_SETTINGS_MODULE=config.settings).

Each concern lives in its own module; the environment switches behaviour, not a file name.
"""

from config.settings.api import *
from config.settings.auth import *
from config.settings.base import *
from config.settings.billing import *
from config.settings.celery import *
from config.settings.lifecycle import *
from config.settings.logs import *
from config.settings.notifications import *
from config.settings.outbox import *
from config.settings.push import *
from config.settings.security import *
from config.settings.sms import *
from config.settings.tenancy import *
