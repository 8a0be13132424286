"""Django core: database, middleware, templates, i18n, static files."""

import secrets
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.settings.env import DATA_DIR, REPO_ROOT, env

# ---------------------------------------------------------------------------------------------
# Core
# https://docs.djangoproject.com/en/5.2/ref/settings/
# ---------------------------------------------------------------------------------------------
DEBUG: bool = env.bool("DJANGO_DEBUG", default=False)

# Values that must never run a real installation: the empty key and the placeholders shipped in
# .env.example and the docs.
INSECURE_SECRET_KEYS = {"", "change-me", "django-insecure-change-me"}


def _secret_key() -> str:
    key = env.str("SECRET_KEY", default="")
    if key and (DEBUG or key not in INSECURE_SECRET_KEYS):
        return key
    if key in INSECURE_SECRET_KEYS and key and not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is a published placeholder and DJANGO_DEBUG is off: set a real secret."
        )
    if env.str("DATABASE_URL", default=""):
        if DEBUG:
            return "django-insecure-debug-only-key"
        raise ImproperlyConfigured(
            "SECRET_KEY is not set and DJANGO_DEBUG is off: refusing to start with a default key."
        )
    # NOTE: the embedded (no DATABASE_URL) installation generates its own random key once and
    # keeps it beside its data, so that `up` works on a fresh machine without a published key.
    path = DATA_DIR / "secret_key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY: str = _secret_key()

# The root domain: operators use it, each school answers on <slug>.<PLATFORM_DOMAIN>.
PLATFORM_DOMAIN: str = env.str("PLATFORM_DOMAIN", default="localhost")
ALLOWED_HOSTS: list[str] = env.list(
    "ALLOWED_HOSTS", default=[PLATFORM_DOMAIN, f".{PLATFORM_DOMAIN}", "127.0.0.1"]
)

ROOT_URLCONF = "config.urls_tenant"
WSGI_APPLICATION = "config.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ---------------------------------------------------------------------------------------------
# Database: DATABASE_URL, or the embedded PostgreSQL server in DATA_DIR/postgres.
# ---------------------------------------------------------------------------------------------
if env.str("DATABASE_URL", default=""):
    DATABASE_URL: str = env.str("DATABASE_URL")
    EMBEDDED_DATABASE = False
else:
    from config import embedded_db

    DATABASE_URL = embedded_db.server_url(DATA_DIR)
    EMBEDDED_DATABASE = True


def _database(url: str) -> dict[str, Any]:
    config = env.db_url_config(url)
    # A Unix-socket URL (postgres://user@/name?host=/path&port=5432, as the embedded server's)
    # carries host and port as options: move them where Django's tools (dbshell, pg_dump) look.
    options = config.setdefault("OPTIONS", {})
    if "host" in options:
        config["HOST"] = options.pop("host")
    if "port" in options:
        config["PORT"] = str(options.pop("port"))
    return config


DATABASES = {"default": _database(DATABASE_URL)}
# django-tenants wraps Django's PostgreSQL backend: it sets search_path per school.
DATABASES["default"]["ENGINE"] = "django_tenants.postgresql_backend"
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["OPTIONS"]["application_name"] = env.str(
    "DATABASE_APPLICATION_NAME", default="truongso"
)

# ---------------------------------------------------------------------------------------------
# Middleware. TenantMainMiddleware must be first; the schema guard sits right behind it so its
# response check runs after every other middleware.
# ---------------------------------------------------------------------------------------------
MIDDLEWARE = [
    # Outermost: times every request of a school's host for the pilot's health figures.
    "reporting.health.HealthMiddleware",
    "tenants.middleware.SchoolMiddleware",
    "tenants.middleware.SchemaGuardMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Root domain only: a signed-in user without TOTP is sent to set it up first.
    "console.middleware.OperatorMfaMiddleware",
    "tenants.middleware.SuspendedSchoolMiddleware",
    # School hosts only: counts each signed-in call to the school's /api/ (billing).
    "billing_stub.middleware.ApiUsageMiddleware",
    # School hosts only: notes the signed-in user for the weekly activity (no query; written
    # in batches every HEALTH_FLUSH_SECONDS, as the health figures are).
    "core_school.activity.recorder.ActivityMiddleware",
]

# Each web process adds the latency and errors it measured to the public schema this often
# (reporting.health); tests write only when they ask.
HEALTH_FLUSH_SECONDS: int | None = env.int("HEALTH_FLUSH_SECONDS", default=10)

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [REPO_ROOT / "platform" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tenants.context_processors.school",
                "core_school.people.context_processors.roles",
            ],
        },
    },
]

# ---------------------------------------------------------------------------------------------
# Internationalisation: Vietnamese first, English and French.
# ---------------------------------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English"), ("fr", "Français")]
# Our catalog first; then translations we add for libraries that ship no Vietnamese (allauth).
LOCALE_PATHS = [REPO_ROOT / "locale", REPO_ROOT / "platform" / "locale_vendor"]
# Dates as dd/mm/yyyy in Vietnamese (config/formats/vi).
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "truongso_language"

# ---------------------------------------------------------------------------------------------
# Static and media files. One shared static build (no per-school static); media is per school.
# ---------------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [REPO_ROOT / "platform" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
# TENANCY: files go to MEDIA_ROOT/<schema_name>/..., never shared between schools.
MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"
STORAGES = {
    "default": {"BACKEND": "django_tenants.files.storage.TenantFileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Serve static files from the finders when no collectstatic ran (development and tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# ---------------------------------------------------------------------------------------------
# Cache: locmem by default, Redis with REDIS_URL. Every key is prefixed with the schema name.
# ---------------------------------------------------------------------------------------------
REDIS_URL: str = env.str("REDIS_URL", default="")
CACHES = {
    "default": {
        "BACKEND": (
            "django.core.cache.backends.redis.RedisCache"
            if REDIS_URL
            else "django.core.cache.backends.locmem.LocMemCache"
        ),
        "LOCATION": REDIS_URL or "truongso",
        # TENANCY: django-tenants' key function puts the schema name in front of every key.
        "KEY_FUNCTION": "django_tenants.cache.make_key",
    }
}

# ---------------------------------------------------------------------------------------------
# E-mail: EMAIL_URL (smtp://..., consolemail://, ...).
# ---------------------------------------------------------------------------------------------
globals().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL: str = env.str(
    "DEFAULT_FROM_EMAIL", default=f"Trường Số <no-reply@{PLATFORM_DOMAIN}>"
)

ADMIN_VERBOSE_NAME = _("Trường Số administration")
