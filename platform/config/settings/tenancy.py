"""django-tenants: which apps live in the public schema, which in every school's schema."""

# https://django-tenants.readthedocs.io/en/latest/install.html

PUBLIC_SCHEMA_NAME: str = "public"
TENANT_MODEL = "tenants.School"
TENANT_DOMAIN_MODEL = "tenants.Domain"
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]
PUBLIC_SCHEMA_URLCONF = "config.urls_public"

# New schools are cloned from this migrated template schema instead of replaying every
# migration. The template is a School row with no domain, no users and no secrets
# (cloning copies rows); migrate_schemas keeps it at head like any school.
TENANT_CREATION_FAKES_MIGRATIONS = True
TENANT_BASE_SCHEMA: str = "template_school"
# `migrate_schemas` reads which schemas are behind in one query and migrates only those
# (a no-op run stays flat as schools are added; onboarding/migration_executor.py).
GET_EXECUTOR_FUNCTION = "onboarding.migration_executor.executor_get"

# One `SET search_path` per school switch (each request sets its school once) instead of one
# before every query: half the round trips of a page. django-tenants 4.0 forgets the cached
# path on ROLLBACK and ROLLBACK TO SAVEPOINT, which undo a SET (#1262, #1263);
# tests/tenants/test_search_path_cache.py holds it to that.
TENANT_LIMIT_SET_CALLS = True

SHARED_APPS = [
    # django_tenants itself and the tenant registry must be in the public schema.
    "django_tenants",
    "tenants",
    # contenttypes must be in both lists (every schema has its own content types).
    "django.contrib.contenttypes",
    # auth + sessions at the same level in both lists: operators log in on the public schema,
    # staff and families inside their school. Splitting them lets one school's session
    # impersonate another school's user (django-tenants #52).
    "django.contrib.auth",
    "django.contrib.sessions",
    # The custom user model: operators here, school users in each school (see TENANT_APPS).
    "accounts",
    # allauth: operators log in (with TOTP MFA) on the root domain.
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # No models: messages, static files, forms, DRF glue.
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    # Swagger UI and ReDoc assets for /api/docs/, served from our static files (no CDN).
    "drf_spectacular_sidecar",
    "django_filters",
    # The Django admin only on the root domain, for platform staff.
    "django.contrib.admin",
    # Public-side apps: onboarding, billing, standards and published figures.
    "onboarding",
    "billing_stub",
    "standards",
    "reporting",
    # The operators' console (root domain): its pages, the operator API and the operators'
    # API tokens (hashed, public schema only: a school's token never authenticates here).
    "console",
]

TENANT_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    # School users (staff, guardians, pupils) live in their school's schema.
    "accounts",
    # allauth: school users log in on their school's host; MFA for staff.
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # API tokens are issued by a school and valid only on its host.
    "rest_framework.authtoken",
    # Trigger-based audit history (who, when, old → new) of marks, conduct, attendance and
    # pupil records: the history tables and their context live in each school's schema.
    "pgtrigger",
    "pghistory",
    # The school itself.
    "core_school.people",
    "core_school.academics",
    "core_school.assessment",
    "core_school.attendance",
    "core_school.teaching",
    "core_school.communication",
    # Invitations to open guardians' and pupils' accounts: per school, like the people.
    "core_school.invitations",
    "core_school.notifications",
    "core_school.health",
    # Imports of the school's own lists (pupils, staff, classes, guardians): the runs and
    # their files belong to the school.
    "core_school.dataimport",
    # The standard the school adopted (its own copy of a published version).
    "core_school.standard",
    # Early-warning flags: the adopted standard's rules evaluated over the school's pupils.
    "core_school.earlywarning",
    # No models: the school's home page, the principal's dashboard, printable reports.
    "core_school.home",
    "core_school.dashboard",
    "core_school.reports",
    # No models: computes the school's aggregate figures for reporting (config.figures).
    "core_school.figures",
    # No models: the family portal, where guardians and pupils read their own results.
    "core_school.portal",
    # Who used the platform each week (the pilot's adoption), written in batches.
    "core_school.activity",
]

INSTALLED_APPS = list(SHARED_APPS) + [app for app in TENANT_APPS if app not in SHARED_APPS]
