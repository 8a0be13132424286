"""Request-side tenancy: pick the school from the host, refuse schools that are not serving,
and fail loudly if a request ends on another school's schema."""

import copy
import logging
import time
from collections.abc import Callable

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_tenants.middleware.main import TenantMainMiddleware

from tenants.models import School

logger = logging.getLogger(__name__)


class SchemaMismatchError(RuntimeError):
    """A request finished on a schema other than its school's: a tenancy bug, never data."""


# Host → school, remembered by each process for a few seconds: the lookup (a query and a SET)
# would otherwise open every request, including the burst of section re-reads that follows a
# publication. Saving a School or a Domain clears this process's copy at once; another process
# sees a suspension or a new domain within HOST_CACHE_SECONDS.
HOST_CACHE_SECONDS = 10.0
_hosts: dict[str, tuple[float, School]] = {}


def hosts_forget(**_kwargs: object) -> None:
    _hosts.clear()


class SchoolMiddleware(TenantMainMiddleware):
    """django-tenants' host → school routing, with a clear page for unknown hosts."""

    def get_tenant(self, domain_model: type, hostname: str) -> School:
        now = time.monotonic()
        remembered = _hosts.get(hostname)
        if remembered is None or remembered[0] <= now:
            school = super().get_tenant(domain_model, hostname)  # unknown hosts: not kept
            remembered = (now + HOST_CACHE_SECONDS, school)
            _hosts[hostname] = remembered
        # A copy per request: django-tenants sets attributes on it (domain_url).
        return copy.copy(remembered[1])

    def no_tenant_found(self, request: HttpRequest, hostname: str) -> HttpResponse:
        # NOTE: never fall back to the operators' site: a mistyped school host must not land
        # on the public schema (SHOW_PUBLIC_IF_NO_TENANT_FOUND stays unset).
        return render(request, "tenants/unknown_host.html", {"hostname": hostname}, status=404)


class SchemaGuardMiddleware:
    """Check, after everything else ran, that the connection is still on the request's school."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        tenant = getattr(request, "tenant", None)
        if tenant is not None and connection.schema_name != tenant.schema_name:
            logger.critical(
                "Request for %s ended on schema %s (expected %s)",
                request.path,
                connection.schema_name,
                tenant.schema_name,
            )
            raise SchemaMismatchError(
                f"request ended on schema {connection.schema_name!r}, "
                f"expected {tenant.schema_name!r}"
            )
        return response


class SuspendedSchoolMiddleware:
    """Serve a clear page, and nothing else, for a school that is not open."""

    STATUS_CODES = {
        School.Status.SUSPENDED: 403,
        School.Status.ARCHIVED: 410,
    }

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        school = getattr(request, "tenant", None)
        if school is not None and not school.is_serving:
            return render(
                request,
                "tenants/school_closed.html",
                {"closed_school": school},
                status=self.STATUS_CODES.get(school.status, 503),
            )
        return self.get_response(request)
