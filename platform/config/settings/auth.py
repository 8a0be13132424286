"""Accounts: allauth (login, MFA), password rules, sessions and cookies."""

from config.settings.env import env

# https://docs.allauth.org/en/latest/account/configuration.html
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# Staff and families sign in with the username their school gave them, or their e-mail;
# guardians also with their phone number (accounts.adapter finds guardians by phone only).
ACCOUNT_LOGIN_METHODS = {"username", "email", "phone"}
ACCOUNT_FORMS = {"request_login_code": "accounts.forms.PhoneLoginCodeForm"}
# Phone login with one-time codes (allauth's login by code, sent by SMS through config.sms):
# guardians on their school's host only. The form asks for a phone number and never an e-mail,
# and the adapter finds no user on the root domain and no member of staff, so operators and
# staff keep their password (and MFA) sign-in. The code lives in the server-side session of the
# school's schema: 6 digits, 5 minutes, 3 tries; then a new code, at most 3 a minute, 6 an hour
# and 12 a day per phone number.
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 5 * 60
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 3
ACCOUNT_PHONE_VERIFICATION_CODE_FORMAT = {"numeric": True, "length": 6, "dashed": False}
ACCOUNT_RATE_LIMITS = {
    "request_login_code": "20/m/ip,3/m/key,6/h/key,12/d/key",
    # The invitation page (core_school.invitations): wrong codes also count on the invitation.
    "accept_invitation": "10/m/ip,60/h/ip",
}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = None
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"

# https://docs.allauth.org/en/latest/mfa/configuration.html
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Trường Số"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sessions are stored in the database of the schema where the user logged in. The cookies are
# host-only (no SESSION_COOKIE_DOMAIN): a school's cookie is never sent to another school.
# Sessions in the school's own table, read through the cache (keys carry the schema:
# django_tenants.cache.make_key), so most requests skip the session query.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_NAME = "truongso_session"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE: int = env.int("SESSION_COOKIE_AGE", default=14 * 24 * 3600)
CSRF_COOKIE_NAME = "truongso_csrftoken"
