"""Reads for the operators' console: the schools an actor sees, narrowed and counted.
Runs in the public schema."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from console.access import ConsoleActor
from onboarding.models import Provisioning
from tenants import selectors as tenant_selectors
from tenants.models import Authority, School


def _under(paths: tuple[str, ...]) -> Q:
    """Schools whose authority is one of these nodes or below them."""
    visible = Q(pk__in=[])
    for path in paths:
        visible |= Q(authority__path__startswith=path)
    return visible


def school_list_for_actor(*, actor: ConsoleActor) -> QuerySet[School]:
    """The schools the actor sees: under their nodes; the pilot schools for the university
    monitor; every school for a superuser. Same rule as tenants.selectors.school_list_for_user,
    without asking the database again for the roles and nodes."""
    schools = tenant_selectors.school_list()
    if actor.is_superuser:
        return schools
    visible = _under(actor.paths)
    if actor.is_monitor:
        visible |= Q(is_pilot=True)
    return schools.filter(visible)


def _in_evaluation() -> Q:
    return Q(is_pilot=True) | Q(is_comparison=True)


def pilot_school_list_for_actor(*, actor: ConsoleActor) -> QuerySet[School]:
    """The schools whose KPIs reach the actor on the pilot pages (/pilot/): the pilot and
    comparison schools under their nodes; every pilot and comparison school for the university
    monitor (KPIs are counts, not personal data) and for a superuser. Other pages keep
    school_list_for_actor: the monitor sees no comparison school there."""
    schools = tenant_selectors.school_list().filter(_in_evaluation())
    if actor.is_superuser or actor.is_monitor:
        return schools
    return schools.filter(_under(actor.paths))


def pilot_school_shown_individually(
    *, actor: ConsoleActor, is_pilot: bool, authority_path: str | None
) -> bool:
    """Whether the actor sees this school of the pilot pages one by one, or only inside its
    cohort's figures: the monitor sees the comparison schools outside their nodes (if any) as
    a cohort only; everyone else sees every school of pilot_school_list_for_actor."""
    if actor.is_superuser or not actor.is_monitor or is_pilot:
        return True
    return any((authority_path or "").startswith(path) for path in actor.paths)


def school_list_actionable_for_actor(*, actor: ConsoleActor) -> QuerySet[School]:
    """The schools the actor may change: under their nodes (operators), all (superusers)."""
    schools = tenant_selectors.school_list()
    if actor.is_superuser:
        return schools
    if not actor.is_operator:
        return schools.none()
    return schools.filter(_under(actor.paths))


def school_get_for_actor(*, actor: ConsoleActor, code: str) -> School:
    """The school with this code if the actor sees it; Http404 otherwise (a school outside
    the actor's nodes does not exist for them)."""
    school = school_list_for_actor(actor=actor).filter(code=code).first()
    if school is None:
        raise Http404
    return school


def authority_list_for_actor(*, actor: ConsoleActor) -> QuerySet[Authority]:
    """The authority nodes the actor may filter by or place a school under: their nodes and
    everything below them (all for a superuser; none for a monitor without nodes)."""
    authorities = Authority.objects.order_by("path")
    if actor.is_superuser:
        return authorities
    visible = Q(pk__in=[])
    for path in actor.paths:
        visible |= Q(path__startswith=path)
    return authorities.filter(visible)


@dataclass(frozen=True)
class SchoolFilters:
    """What the school list is narrowed to (all optional)."""

    status: str = ""
    authority: Authority | None = None
    pilot: bool | None = None
    search: str = ""


def school_list_filtered(
    *, schools: QuerySet[School], filters: SchoolFilters, with_status: bool = True
) -> QuerySet[School]:
    """Narrow `schools` by node (and below), pilot flag, name/code search and, unless
    `with_status` is false, status."""
    if filters.authority is not None:
        schools = schools.filter(authority__path__startswith=filters.authority.path)
    if filters.pilot is not None:
        schools = schools.filter(is_pilot=filters.pilot)
    if filters.search:
        schools = schools.filter(
            Q(name__icontains=filters.search) | Q(code__icontains=filters.search)
        )
    if with_status and filters.status:
        schools = schools.filter(status=filters.status)
    return schools


# The statuses an operator works with, in the order a school goes through them.
CONSOLE_STATUSES = [
    School.Status.REQUESTED,
    School.Status.PROVISIONING,
    School.Status.ONBOARDING,
    School.Status.LIVE,
    School.Status.SUSPENDED,
    School.Status.ARCHIVED,
    School.Status.FAILED,
]


def school_status_counts(*, schools: QuerySet[School]) -> list[tuple[str, str, int]]:
    """(status, label, how many) for every console status, in lifecycle order (one query)."""
    counted = dict(
        schools.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    return [
        (status.value, str(status.label), counted.get(status.value, 0))
        for status in CONSOLE_STATUSES
    ]


def provisioning_for_school(*, school: School) -> Provisioning | None:
    """How the school's provisioning went (None for a school created another way)."""
    return Provisioning.objects.filter(school=school).first()
