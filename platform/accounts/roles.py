"""Roles are groups with permissions. Public-schema roles for operators, school roles inside
each school. `roles_sync` (re)creates them in the current schema after every migration."""

from typing import Any

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import DEFAULT_DB_ALIAS, connection, models
from django.utils.translation import gettext_lazy as _
from django_tenants.utils import get_public_schema_name


class Role(models.TextChoices):
    # Public schema (root domain).
    OPERATOR = "operator", _("Authority operator")
    UNIVERSITY_MONITOR = "university_monitor", _("University pilot monitor")
    # A school's schema.
    PRINCIPAL = "principal", _("Principal")
    VICE_PRINCIPAL = "vice_principal", _("Vice-principal")
    SCHOOL_ADMIN = "school_admin", _("School administrator")
    HOMEROOM_TEACHER = "homeroom_teacher", _("Homeroom teacher (GVCN)")
    SUBJECT_TEACHER = "subject_teacher", _("Subject teacher")
    CLERK = "clerk", _("Clerk")
    PARENT = "parent", _("Parent or guardian")
    PUPIL = "pupil", _("Pupil")


PUBLIC_ROLES = (Role.OPERATOR, Role.UNIVERSITY_MONITOR)
SCHOOL_ROLES = tuple(role for role in Role if role not in PUBLIC_ROLES)
STAFF_ROLES = (
    Role.PRINCIPAL,
    Role.VICE_PRINCIPAL,
    Role.SCHOOL_ADMIN,
    Role.HOMEROOM_TEACHER,
    Role.SUBJECT_TEACHER,
    Role.CLERK,
)

_VIEW_SCHOOL = [
    "people.view_pupil",
    "people.view_guardian",
    "people.view_staffmember",
    "academics.view_schoolyear",
    "academics.view_term",
    "academics.view_schoolclass",
    "academics.view_enrolment",
]
_MANAGE_SCHOOL = [
    f"{app}.{action}_{model}"
    for app, model in [
        ("people", "pupil"),
        ("people", "guardian"),
        ("people", "guardianship"),
        ("people", "staffmember"),
        ("academics", "schoolyear"),
        ("academics", "term"),
        ("academics", "schoolclass"),
        ("academics", "enrolment"),
    ]
    for action in ("add", "change", "view")
]

# Model permissions per role. Finer rules (a teacher's own classes, a parent's own children)
# are enforced in selectors and services, on top of these.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.OPERATOR: [
        "tenants.view_school",
        "tenants.add_school",
        "tenants.change_school",
        "tenants.view_authority",
    ],
    Role.UNIVERSITY_MONITOR: ["tenants.view_school", "tenants.view_authority"],
    Role.PRINCIPAL: [*_MANAGE_SCHOOL, "accounts.view_user"],
    Role.VICE_PRINCIPAL: list(_VIEW_SCHOOL),
    Role.SCHOOL_ADMIN: [
        *_MANAGE_SCHOOL,
        "accounts.view_user",
        "accounts.add_user",
        "accounts.change_user",
    ],
    Role.HOMEROOM_TEACHER: [
        "people.view_pupil",
        "people.view_guardian",
        "academics.view_schoolclass",
        "academics.view_enrolment",
    ],
    Role.SUBJECT_TEACHER: [
        "people.view_pupil",
        "academics.view_schoolclass",
        "academics.view_enrolment",
    ],
    Role.CLERK: [
        "people.view_pupil",
        "people.add_pupil",
        "people.change_pupil",
        "people.view_guardian",
        "people.add_guardian",
        "people.change_guardian",
    ],
    Role.PARENT: [],
    Role.PUPIL: [],
}


def roles_sync(*, using: str = DEFAULT_DB_ALIAS) -> list[Group]:
    """Create the role groups of the current schema and give them their permissions."""
    # Permissions are created per app by post_migrate; make sure every app's exist before
    # linking them, whatever order the apps migrated in.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)

    on_public = connection.schema_name == get_public_schema_name()
    roles = PUBLIC_ROLES if on_public else SCHOOL_ROLES
    groups = []
    for role in roles:
        group, _created = Group.objects.using(using).get_or_create(name=role.value)
        wanted = ROLE_PERMISSIONS[role]
        permissions = [
            permission
            for permission in Permission.objects.using(using).select_related("content_type")
            if f"{permission.content_type.app_label}.{permission.codename}" in wanted
        ]
        group.permissions.set(permissions)
        groups.append(group)
    return groups


def roles_sync_after_migrate(using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    roles_sync(using=using)
