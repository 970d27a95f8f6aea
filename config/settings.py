"""Workfair settings, read from environment variables.

The embedded defaults (SQLite, in-memory channel layer, background work run in-process, files on
local disk, e-mail to the console) let `make run` work on a laptop with nothing else installed.
Production sets WORKFAIR_ENV=production, SECRET_KEY, DATABASE_URL, ALLOWED_HOSTS and, to scale out,
REDIS_URL / CELERY_BROKER_URL.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("WORKFAIR_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


WORKFAIR_ENV = os.environ.get("WORKFAIR_ENV", "development")
PRODUCTION = WORKFAIR_ENV == "production"
DEBUG = env_bool("DEBUG", not PRODUCTION)

_DEV_SECRET_KEY = "dev-only-insecure-key-change-me-0123456789-abcdefghijklmnopqrstuvwxyz"  # noqa: S105 - development only; production refuses it
SECRET_KEY = os.environ.get("SECRET_KEY", "" if PRODUCTION else _DEV_SECRET_KEY)
if PRODUCTION and (not SECRET_KEY or SECRET_KEY == _DEV_SECRET_KEY):
    raise ImproperlyConfigured("SECRET_KEY must be set to a long random value in production.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "daphne",
    "workfair.console.admin_apps.StaffAdminConfig",  # django.contrib.admin behind staff two-factor
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "ninja",  # the API docs page serves Swagger UI from our static files, not a CDN (works offline)
    # Workfair apps come before allauth so that their templates override allauth's.
    "workfair.core",
    "workfair.accounts",
    "workfair.skills",
    "workfair.profiles",
    "workfair.identity",
    "workfair.payments",
    "workfair.jobs",
    "workfair.proposals",
    "workfair.contracts",
    "workfair.feedback",
    "workfair.messaging",
    "workfair.support",
    "workfair.notifications",
    "workfair.trust",
    "workfair.console",
    "workfair.minding",
    "workfair.web",
    "workfair.demo",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "django_htmx",
    "channels",
    "django_prometheus",
    "csp",
]

MIDDLEWARE = [
    # First and last: request counts and latencies per view for Prometheus (docs/operations.md).
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    # A request id (X-Request-ID or a new one) on every log line, response and task.
    "workfair.ops.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Under /api/ a body past the size limits gets JSON 413/400, not Django's HTML error page.
    "workfair.core.middleware.ApiBodyLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Suspended or banned accounts are refused here, once, for every page and API call.
    "workfair.trust.middleware.AccountStandingMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Content-Security-Policy on every answer (CONTENT_SECURITY_POLICY below; docs/security.md).
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Staff sessions that have not entered a two-factor code are sent to enter one, from any page.
    "workfair.accounts.middleware.StaffTwoFactorMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "workfair.identity.devices.middleware.DeviceCookieMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # An id in a page's path too large for any database is a 404, not a 500 on SQLite.
    "workfair.core.middleware.PathIdRangeMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "config.urls"
ASGI_APPLICATION = "config.asgi.application"
WSGI_APPLICATION = None

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "workfair.web.context_processors.site",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'workfair.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
    )
}
# A connection pool per process (psycopg's pool, through Django): `workfair serve` turns it on by
# setting DB_POOL_MAX_SIZE. Under ASGI every request runs its view in a thread of its own, so
# persistent per-thread connections (CONN_MAX_AGE) pile up past PostgreSQL's limit under load; a
# pool bounds them at processes x DB_POOL_MAX_SIZE and makes a crowd queue instead of fail
# (docs/deploy.md).
DB_POOL_MAX_SIZE = env_int("DB_POOL_MAX_SIZE", 0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and DB_POOL_MAX_SIZE > 0:
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool keeps connections; Django refuses both
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": min(2, DB_POOL_MAX_SIZE),
        "max_size": DB_POOL_MAX_SIZE,
        # how long a request waits for a free connection before it fails
        "timeout": float(env_int("DB_POOL_TIMEOUT", 30)),
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
# The same engines, instrumented: query counts, errors and latencies for Prometheus.
_PROMETHEUS_ENGINES = {
    "django.db.backends.postgresql": "django_prometheus.db.backends.postgresql",
    "django.db.backends.sqlite3": "django_prometheus.db.backends.sqlite3",
}
DATABASES["default"]["ENGINE"] = _PROMETHEUS_ENGINES.get(DATABASES["default"]["ENGINE"], DATABASES["default"]["ENGINE"])
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Not a rule: ends the API tokens whenever a password changes, whichever way (docs/security.md).
    {"NAME": "workfair.accounts.passwords.ApiTokensEndWithThePassword"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "web:dashboard"

# --- allauth: e-mail login, verified e-mail, TOTP, throttled logins -------------------------
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = os.environ.get("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SIGNUP_FORM_CLASS = "workfair.accounts.forms.SignupExtraForm"
ACCOUNT_ADAPTER = "workfair.accounts.adapter.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Workfair] "  # not the host name a request came in on
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_RATE_LIMITS = {
    # Failed log-ins (accounts/login_limits.py, docs/security.md): the key is the account and the
    # IP together (5 per 5 minutes), with a high ceiling per IP; and, from places the account has
    # not signed in from, a progressive delay per account (10 a quarter hour, 20 an hour, 50 a day).
    "login_failed": "100/15m/ip,5/5m/key",
    "login_failed_account": "10/15m/key,20/h/key,50/d/key",
    "login": "60/m/ip",
    "signup": "20/h/ip",
    "reset_password": "10/h/ip,5/h/key",
    "confirm_email": "5/10m/key",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Workfair] "
# The client IP the rate limits count: behind N proxies that append to X-Forwarded-For, set
# WORKFAIR_TRUSTED_PROXY_COUNT=N, or everyone would share the proxy's address.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("WORKFAIR_TRUSTED_PROXY_COUNT", "0"))
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Workfair"
# A code read just before its 30-second step ran out is still taken in the next step (RFC 6238's
# allowance for the time it takes to type and send it); older codes are refused, and each code
# works once either way.
MFA_TOTP_TOLERANCE = 1

# --- Cache, channels, Celery ----------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
# Two installations sharing one Redis database (staging beside production, test runs) keep apart by
# each naming its own prefix for cache keys and channel-layer groups.
REDIS_KEY_PREFIX = os.environ.get("WORKFAIR_REDIS_PREFIX", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "workfair.ops.cache.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": REDIS_KEY_PREFIX}
    }
    # A socket timeout above the layer's 5-second blocking pop: redis-py 8's default (5 s) equals
    # it, and an idle websocket's consumer then dies of "Timeout reading" (the scale-out test).
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                "hosts": [{"address": REDIS_URL, "socket_timeout": 30, "socket_connect_timeout": 5}],
                "prefix": f"{REDIS_KEY_PREFIX}asgi",
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django_prometheus.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL)
# Without a broker, background work runs in-process right after the transaction commits.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
# The broker queue tasks go to and `workfair worker` reads: two installations sharing one broker
# (staging beside production, a test run) keep apart by naming their own.
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_TASK_DEFAULT_QUEUE", "celery")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_SERIALIZER = "json"
CELERY_TIMEZONE = "UTC"
# Timers. Each task takes no arguments, is idempotent, and works from `clock.now()`.
CELERY_BEAT_SCHEDULE = {
    "expire-jobs": {"task": "jobs.expire_jobs", "schedule": 15 * 60},
    "expire-offers": {"task": "contracts.expire_offers", "schedule": 15 * 60},
    "refill-proposal-credits": {"task": "proposals.refill_credits", "schedule": 6 * 60 * 60},
    "escalate-overdue-cases": {"task": "trust.escalate_overdue_cases", "schedule": 60},
    "purge-identity-images": {"task": "identity.purge_expired_images", "schedule": 24 * 60 * 60},
    "expire-unfinished-verifications": {"task": "identity.expire_unfinished_verifications", "schedule": 60 * 60},
    "release-escrow-after-review-window": {"task": "payments.auto_release", "schedule": 15 * 60},
    "make-pending-money-available": {"task": "payments.mature_pending", "schedule": 15 * 60},
    "refund-escrow-of-ended-contracts": {"task": "payments.refund_ended", "schedule": 15 * 60},
    "send-held-payouts": {"task": "payments.send_held_payouts", "schedule": 15 * 60},
    "invoice-closed-hourly-weeks": {"task": "payments.invoice_hourly_weeks", "schedule": 15 * 60},
    "charge-reviewed-hourly-weeks": {"task": "payments.charge_hourly_weeks", "schedule": 15 * 60},
    "make-hourly-money-available": {"task": "payments.mature_hourly_weeks", "schedule": 15 * 60},
    "reveal-feedback-after-window": {"task": "feedback.reveal_due", "schedule": 15 * 60},
    "send-daily-notification-digests": {"task": "notifications.send_daily_digests", "schedule": 24 * 60 * 60},
}


def timer_intervals(value: str, schedule: dict[str, dict[str, object]]) -> dict[str, int]:
    """WORKFAIR_TIMER_SECONDS ("escalate-overdue-cases=30,release-escrow-after-review-window=60"):
    the operator's own interval in seconds for named timers of CELERY_BEAT_SCHEDULE."""
    intervals = {}
    for item in (part.strip() for part in value.split(",")):
        if not item:
            continue
        name, _, seconds = (piece.strip() for piece in item.partition("="))
        if name not in schedule or not seconds.isdigit() or int(seconds) < 1:
            raise ImproperlyConfigured(
                f"WORKFAIR_TIMER_SECONDS: {item!r} is not timer=seconds; the timers are {', '.join(schedule)}."
            )
        intervals[name] = int(seconds)
    return intervals


for _timer, _seconds in timer_intervals(os.environ.get("WORKFAIR_TIMER_SECONDS", ""), CELERY_BEAT_SCHEDULE).items():
    CELERY_BEAT_SCHEDULE[_timer]["schedule"] = _seconds
# At-least-once delivery that survives a killed worker and a restarted broker (docs/operations.md):
# a task is acknowledged only after it ran (ACKS_LATE above); a worker process killed mid-task puts
# it back on the queue instead of failing it; a worker takes one task at a time ahead; publishing
# waits for the broker's confirmation that the (persistent) message is stored. Every task is
# idempotent, so running one twice does no harm.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_DELIVERY_MODE = "persistent"
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {"confirm_publish": True}
    if CELERY_BROKER_URL.startswith(("amqp://", "amqps://", "pyamqp://"))
    # Redis as broker: an unacknowledged task goes back on the queue after this many seconds;
    # longer than the longest task, or it runs twice while still running.
    else {"visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600)}
)

# --- Files, static, e-mail ------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Private uploads (proposal and message attachments): random names in a folder no URL serves, read
# only through permission-checked views (workfair.core.files). Never under MEDIA_ROOT or STATIC_ROOT.
PRIVATE_FILES_ROOT = Path(os.environ.get("PRIVATE_FILES_ROOT", VAR_DIR / "private"))
# How those views hand the file over: "django" (stream it), "x-accel-redirect" (nginx sends it from
# the internal location PRIVATE_FILES_INTERNAL_URL) or "x-sendfile" (Apache, lighttpd): docs/deploy.md.
PRIVATE_FILES_SERVE = os.environ.get("PRIVATE_FILES_SERVE", "django")
PRIVATE_FILES_INTERNAL_URL = os.environ.get("PRIVATE_FILES_INTERNAL_URL", "/_private/")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
WORKFAIR_MAX_ATTACHMENT_BYTES = int(os.environ.get("WORKFAIR_MAX_ATTACHMENT_BYTES", 10 * 1024 * 1024))

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Workfair <no-reply@workfair.local>")
# Where people write for help and for privacy requests (data export, deletion): the footer and /privacy/.
WORKFAIR_SUPPORT_EMAIL = os.environ.get("WORKFAIR_SUPPORT_EMAIL", "support@workfair.local")

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Security (production) ------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): scripts and styles only from our own origin, or inline with the
# request's nonce (`{{ request.csp_nonce }}`); no inline event handlers or style attributes, no eval,
# no plug-ins, no framing, forms post only to us. Websockets connect to our own origin ('self').
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],  # data: for the two-factor set-up's QR code
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        **({"upgrade-insecure-requests": True} if PRODUCTION else {}),
        # Browsers report what the policy blocked: logged and counted (web/csp_reports.py).
        "report-uri": ["/csp-report/"],
    },
}
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# One JSON object a line with the request id (LOG_FORMAT=json, production's default) or readable
# lines for a terminal (text); both blank e-mail addresses and phone numbers (docs/operations.md).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json" if PRODUCTION else "text")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or text, not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "workfair.ops.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "workfair.ops.logs.JsonFormatter"},
        "text": {"()": "workfair.ops.logs.TextFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # one line per request from RequestIdMiddleware; ACCESS_LOG=0 to leave it to the proxy
        "workfair.access": {"level": "INFO" if env_bool("ACCESS_LOG", True) else "WARNING"},
    },
}

# --- Operations (docs/operations.md) -------------------------------------------------------
# Bearer token that lets a Prometheus server read /metrics (staff accounts may read it too).
WORKFAIR_METRICS_TOKEN = os.environ.get("WORKFAIR_METRICS_TOKEN", "")
PROMETHEUS_EXPORT_MIGRATIONS = False  # /readyz reports unapplied migrations instead
# Error reporting to Sentry (or GlitchTip), off unless SENTRY_DSN is set; personal data scrubbed
# before anything is sent (workfair.ops.errors). SENTRY_TRACES_SAMPLE_RATE: share of requests traced.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    from workfair.ops.errors import start_error_reporting

    try:
        _traces = float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0") or 0)
    except ValueError:
        raise ImproperlyConfigured("SENTRY_TRACES_SAMPLE_RATE must be a number from 0 to 1.") from None
    start_error_reporting(
        dsn=SENTRY_DSN,
        environment=os.environ.get("SENTRY_ENVIRONMENT", WORKFAIR_ENV),
        traces_sample_rate=min(max(_traces, 0.0), 1.0),
    )

# --- Marketplace rules (operator-configurable defaults, see docs/rules.md) -------------
WORKFAIR = {
    "JOB_EXPIRY_DAYS": int(os.environ.get("WORKFAIR_JOB_EXPIRY_DAYS", "30")),
    "MONTHLY_PROPOSAL_CREDITS": int(os.environ.get("WORKFAIR_MONTHLY_PROPOSAL_CREDITS", "80")),
    "OFFER_EXPIRY_DAYS": 14,
    "MAX_MESSAGE_CHARS": 10_000,
    "CURRENCY": os.environ.get("WORKFAIR_CURRENCY", "USD"),
}

# --- Payments (docs/subsystems/payments.md; docs/rules.md "Fixed price") ---------------------
# Fees in basis points (1000 = 10 %), amounts in minor units of the platform currency, periods in
# days. PROCESSOR is "sandbox" (test cards, no network) or "stripe" (set the two Stripe keys).
WORKFAIR_PAYMENTS = {
    "PROCESSOR": os.environ.get("WORKFAIR_PAYMENTS_PROCESSOR", "sandbox"),
    "FREELANCER_FEE_BPS": int(os.environ.get("WORKFAIR_FREELANCER_FEE_BPS", "1000")),
    "CLIENT_FEE_BPS": int(os.environ.get("WORKFAIR_CLIENT_FEE_BPS", "500")),
    "MIN_ESCROW": 500,
    "MIN_PAYOUT": int(os.environ.get("WORKFAIR_MIN_PAYOUT", "1000")),
    "AUTO_RELEASE_DAYS": 14,
    "PENDING_DAYS": 5,
    "END_DISPUTE_DAYS": 7,
    "FIRST_PAYOUT_HOLD_DAYS": int(os.environ.get("WORKFAIR_FIRST_PAYOUT_HOLD_DAYS", "3")),
    "MAX_FAILED_CARDS_PER_DAY": 5,
    "STRIPE_SECRET_KEY": os.environ.get("WORKFAIR_PAYMENTS_STRIPE_SECRET_KEY", ""),
    "STRIPE_WEBHOOK_SECRET": os.environ.get("WORKFAIR_PAYMENTS_STRIPE_WEBHOOK_SECRET", ""),
    "SANDBOX_WEBHOOK_SECRET": os.environ.get("WORKFAIR_SANDBOX_WEBHOOK_SECRET", "sandbox-webhook-secret"),
}

# --- Identity (docs/subsystems/identity.md) --------------------------------------------------
# Master keys for envelope encryption of documents and selfies: "id:urlsafe-base64-32-bytes,..."
# (the first encrypts, all decrypt; `workfair rotate_identity_keys` re-wraps to the first).
# Without them a development key is derived from SECRET_KEY; production must set its own.
WORKFAIR_IDENTITY = {
    "MASTER_KEYS": os.environ.get("WORKFAIR_IDENTITY_KEYS", ""),
    "HASH_KEY": os.environ.get("WORKFAIR_IDENTITY_HASH_KEY", ""),
    # Client IP from this header only behind a proxy that sets it (e.g. "HTTP_X_FORWARDED_FOR").
    "TRUSTED_PROXY_HEADER": os.environ.get("WORKFAIR_TRUSTED_PROXY_HEADER", ""),
    # Country of a login, for new-country alerts ("" to turn off).
    "COUNTRY_HEADER": os.environ.get("WORKFAIR_COUNTRY_HEADER", "HTTP_CF_IPCOUNTRY"),
    "PHONE_PROVIDER": os.environ.get("WORKFAIR_PHONE_PROVIDER", "console"),  # console | twilio
    "TWILIO_ACCOUNT_SID": os.environ.get("TWILIO_ACCOUNT_SID", ""),
    "TWILIO_AUTH_TOKEN": os.environ.get("TWILIO_AUTH_TOKEN", ""),
    "TWILIO_FROM_NUMBER": os.environ.get("TWILIO_FROM_NUMBER", ""),
    "PHONE_CODE_MINUTES": 10,
    "PHONE_MAX_ATTEMPTS": 5,
    "PHONE_MAX_SENDS": 3,
    "PHONE_RESEND_SECONDS": 60,
    "PHONE_MAX_CHALLENGES_PER_DAY": 5,
    # Capabilities that need a verified phone first (empty to switch the requirement off).
    "REQUIRE_PHONE_FOR": [c for c in os.environ.get("WORKFAIR_REQUIRE_PHONE_FOR", "post_job,bid").split(",") if c],
    "VERIFICATION_PROVIDER": os.environ.get("WORKFAIR_VERIFICATION_PROVIDER", "workfair"),  # workfair | stripe
    "STRIPE_SECRET_KEY": os.environ.get("STRIPE_SECRET_KEY", ""),
    "STRIPE_WEBHOOK_SECRET": os.environ.get("STRIPE_WEBHOOK_SECRET", ""),
    "IMAGE_RETENTION_DAYS": int(os.environ.get("WORKFAIR_IDENTITY_IMAGE_RETENTION_DAYS", "90")),
    # Days to take the live video check once the documents are approved; after that the
    # verification is cancelled and its photos deleted (the person starts again).
    "VIDEO_WINDOW_DAYS": int(os.environ.get("WORKFAIR_IDENTITY_VIDEO_WINDOW_DAYS", "30")),
    "MAX_UPLOAD_BYTES": 10 * 1024 * 1024,
    "MAX_PIXELS": 40_000_000,
    # Where sealed (encrypted) identity files live: never under MEDIA_ROOT. Or STORAGES["identity_sealed"].
    "SEALED_ROOT": os.environ.get("WORKFAIR_IDENTITY_SEALED_ROOT", ""),
    # Step-up checks (identity/stepup.py): how long one stays open, how long a re-verification
    # may take, wrong answers allowed, contracts needed before history questions can be asked.
    "STEP_UP_HOURS": 72,
    "STEP_UP_IDENTITY_DAYS": 30,
    "STEP_UP_MAX_ATTEMPTS": 3,
    "STEP_UP_MIN_CONTRACTS": 2,
    "MEETING_URL": os.environ.get("WORKFAIR_MEETING_URL", "https://meet.jit.si/workfair-{token}"),
}

# Support (docs/rules.md, "Support"): the first answer to a ticket is due this many hours after it
# is opened, around the clock; replies by e-mail come back to REPLY_DOMAIN addresses signed per ticket.
WORKFAIR_SUPPORT = {
    "FIRST_RESPONSE_HOURS": int(os.environ.get("WORKFAIR_SUPPORT_FIRST_RESPONSE_HOURS", "4")),
    "REPLY_DOMAIN": os.environ.get("WORKFAIR_SUPPORT_REPLY_DOMAIN", "reply.workfair.local"),
}
CELERY_BEAT_SCHEDULE["flag-overdue-support-tickets"] = {"task": "support.flag_overdue_tickets", "schedule": 60}
# --- Your data: export and account deletion (docs/rules.md "Your data") ----------------------
WORKFAIR_PRIVACY = {
    "EXPORT_LINK_HOURS": int(os.environ.get("WORKFAIR_EXPORT_LINK_HOURS", "72")),
    "EXPORT_MIN_INTERVAL_MINUTES": 60,
    "DELETION_GRACE_DAYS": int(os.environ.get("WORKFAIR_DELETION_GRACE_DAYS", "14")),
}
CELERY_BEAT_SCHEDULE["erase-accounts-after-grace-period"] = {"task": "accounts.erase_due_accounts", "schedule": 60 * 60}
CELERY_BEAT_SCHEDULE["expire-data-exports"] = {"task": "accounts.expire_data_exports", "schedule": 60 * 60}

# --- Rate limits on the shared cache (workfair.core.ratelimits, docs/security.md "Rate limits") --
# Per person, as "<amount>/<period>/user" (periods s, m, h, d); "" turns one off. Sign-up, password
# reset and log-in are limited by allauth (ACCOUNT_RATE_LIMITS above). Uploads count each file.
WORKFAIR_RATE_LIMITS = {
    "message": os.environ.get("WORKFAIR_RATE_LIMIT_MESSAGE", "30/1m/user,600/1h/user"),
    "proposal": os.environ.get("WORKFAIR_RATE_LIMIT_PROPOSAL", "10/10m/user,50/1d/user"),
    "upload": os.environ.get("WORKFAIR_RATE_LIMIT_UPLOAD", "30/10m/user,200/1d/user"),
    "report": os.environ.get("WORKFAIR_RATE_LIMIT_REPORT", "5/10m/user"),
    "csp_report": os.environ.get("WORKFAIR_RATE_LIMIT_CSP_REPORT", "30/1m/ip,300/1h/ip"),
}
