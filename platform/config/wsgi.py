"""WSGI entry point. Tenant traffic is served by WSGI (django-tenants loses the tenant across
async thread hops), e.g. `gunicorn config.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()
