"""Concerto settings: everything that differs between machines comes from the environment."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _
from kombu import Queue

BASE_DIR = Path(__file__).resolve().parent.parent
# Local files of the demo (SQLite, media, embedded broker): created by `make run` and by the Celery
# processes (config.startup.prepare_local_folders), never as a side effect of importing the settings.
VAR_DIR = Path(os.environ.get("CONCERTO_VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production"
# Without a key and without DEBUG, the web and worker processes refuse to start (config/startup.py) and
# anything that signs (sessions, CSRF, reset links) fails; commands that sign nothing (makemigrations,
# migrate) still run in a bare checkout.

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("CONCERTO_SITE_URL", "http://localhost:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "django_fsm",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "js_lib_htmx",
    "django_celery_beat",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "core",
    "notifications",
    "grants",
    "scoring",
    "accountability",
    "workflow",
    "portal",
    "reporting",
]

MIDDLEWARE = [
    # Load balancers' probes are answered before the host check and the HTTPS redirect (core/health.py).
    "core.health.HealthProbeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "core.middleware.SecondFactorMiddleware",
    "core.middleware.SessionLifetimeMiddleware",
    "grants.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "core.middleware.RefusalMiddleware",
    # Last: it runs the view phase once more when a read lost its database connection (core/read_retry.py).
    "core.read_retry.RetryReadOnLostConnectionMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "notifications.context_processors.unread_count",
                "core.navigation.site_navigation",
            ],
        },
    },
]

# Labels, inputs and selects written in Python, the same text as Django's widget templates (core/fast_forms.py).
FORM_RENDERER = "core.fast_forms.FastRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'concerto.sqlite3'}"),
        # Kept a minute by default: opening a PostgreSQL connection per request halved the public pages' rate
        # per core (docs/scaling.md); 0 closes it after each request.
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        # A kept connection is checked before its first use in each request: one the database dropped in
        # between is replaced instead of failing that request.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a writer instead of failing at once when web and worker write together.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
# PostgreSQL's JIT compiles a statement the planner expects to be costly, which for a web request's statements
# costs more than it saves: a call's z-score ranking of 19,000 proposals, estimated 85 times too many rows,
# took 0.6 s of which 0.4 compiling (0.19 s without). `DATABASE_JIT=server` sends no startup option and leaves
# the server's setting (PgBouncer refuses startup options: there, `ALTER ROLE … SET jit = off`).
DATABASE_JIT = os.environ.get("DATABASE_JIT", "off")


def _postgresql_options(database):
    if database["ENGINE"] == "django.db.backends.postgresql" and DATABASE_JIT == "off":
        database.setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")


_postgresql_options(DATABASES["default"])
# A PostgreSQL streaming replica (docs/scaling.md): the public portal, exports and dashboards read from it
# (config.db_router); every write and every other read stay on the primary. The test suite never creates
# it: there it is the test database seen through a second connection.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"], conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
        conn_health_checks=DATABASES["default"].get("CONN_HEALTH_CHECKS", False))
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    _postgresql_options(DATABASES["replica"])
    # A replica that does not answer is passed over (core.replica): given up after this long, not the
    # operating system's minutes; `?connect_timeout=` in the URL sets another.
    DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)
# Further behind than this, the replica is passed over and its reads go to the primary (core.replica).
CONCERTO_REPLICA_MAX_LAG_SECONDS = int(os.environ.get("CONCERTO_REPLICA_MAX_LAG_SECONDS", "30"))
DATABASE_ROUTERS = ["config.db_router.ReplicaRouter"]
# The indexes' INCLUDE columns serve PostgreSQL's index-only scans; SQLite (the demo) builds them on their keys
# alone, as the warning says at every command of `make run`.
SILENCED_SYSTEM_CHECKS = ["models.W040"] if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" else []
# The submit's heaviest statements prepared once per PostgreSQL session (core.prepared). 0 behind a pooler in
# transaction mode (PgBouncer's pool_mode=transaction), whose sessions do not keep them between transactions.
CONCERTO_PREPARED_STATEMENTS = os.environ.get("CONCERTO_PREPARED_STATEMENTS", "1") == "1"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# allauth's rate limits and its used TOTP codes live in the cache: Redis, shared by every web process,
# when REDIS_URL is set; the demo's single process keeps them in memory.
if os.environ.get("REDIS_URL"):
    # A Redis that fails is passed over for each process's memory (core.cache); given up after a second,
    # not the operating system's minutes.
    CACHES = {"default": {"BACKEND": "core.cache.FallbackRedisCache", "LOCATION": os.environ["REDIS_URL"],
                          "KEY_PREFIX": "concerto",
                          "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Public portal pages kept in that cache for anonymous visitors, under their ETag (portal.views.caching):
# a published change makes a new ETag, hence a new copy at once. 0 turns the copies off.
CONCERTO_PUBLIC_CACHE_SECONDS = int(os.environ.get("CONCERTO_PUBLIC_CACHE_SECONDS", "60"))
# The program dashboard's figures (reporting.dashboard.figures) kept in that cache: each sums a whole program.
# 0 reads them at every request.
CONCERTO_DASHBOARD_CACHE_SECONDS = int(os.environ.get("CONCERTO_DASHBOARD_CACHE_SECONDS", "300"))
# Sessions live in the primary database: any web process behind the load balancer reads them, and they
# survive a restart of Redis (whose cache may evict keys). Never read from the replica (core.replica).
SESSION_ENGINE = "core.sessions"  # Django's database sessions, read with one plain statement

AUTH_USER_MODEL = "grants.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    # Model permissions in one query, read before allauth's ModelBackend would read them in two.
    "core.model_permissions.OneQueryPermissionBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

# Accounts (django-allauth): e-mail is the login, verified before first use; every mail goes through the
# outbox (grants.adapters.AccountAdapter). Rate limits: allauth's, per address and per account; they need
# a cache shared by every web process in production (see CACHES).
ACCOUNT_ADAPTER = "grants.adapters.AccountAdapter"
ACCOUNT_FORMS = {"signup": "grants.forms.accounts.SignupForm"}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_NOTIFICATIONS = False
ACCOUNT_SESSION_REMEMBER = None
# Sensitive account pages (second factor, addresses) ask again for the password or the second factor; never
# for a code mailed to the address (it would not prove more than the session itself).
ACCOUNT_REAUTHENTICATION_METHODS = ["password", "mfa"]
ACCOUNT_RATE_LIMITS = {
    "login": os.environ.get("CONCERTO_RATE_LOGIN", "30/m/ip"),
    "login_failed": os.environ.get("CONCERTO_RATE_LOGIN_FAILED", "10/m/ip,5/5m/key"),
    "signup": os.environ.get("CONCERTO_RATE_SIGNUP", "20/h/ip"),
    "reset_password": os.environ.get("CONCERTO_RATE_RESET_PASSWORD", "20/h/ip,5/h/key"),
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
}
# Per-IP limits need the visitor's address: behind the reverse proxy (production), the last address it
# appended to X-Forwarded-For; in the demo, REMOTE_ADDR.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("CONCERTO_TRUSTED_PROXY_COUNT", "0" if DEBUG else "1"))
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = "Concerto"
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG  # passkeys on http://localhost in the demo
# Staff and admins must have an authenticator app or a passkey (core.middleware.SecondFactorMiddleware).
# Off by default in the demo (DJANGO_DEBUG=1), on in production.
CONCERTO_STAFF_MFA_REQUIRED = env_bool("CONCERTO_STAFF_MFA_REQUIRED", not DEBUG)
# Session lifetimes (core.middleware.SessionLifetimeMiddleware): staff and admins, everybody else.
CONCERTO_STAFF_SESSION_SECONDS = int(os.environ.get("CONCERTO_STAFF_SESSION_SECONDS", 8 * 3600))
SESSION_COOKIE_AGE = int(os.environ.get("CONCERTO_SESSION_SECONDS", 14 * 24 * 3600))

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "America/Toronto"
USE_I18N = True
USE_TZ = True
# fr-CA and en-CA date formats ("1 déc. 2026", "Dec. 1, 2026"): Django's own fr and en are France's and the US's.
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files browsers ask for at the site's root (favicon.ico), served by WhiteNoise.
WHITENOISE_ROOT = BASE_DIR / "public"
MEDIA_ROOT = Path(os.environ.get("CONCERTO_MEDIA_ROOT", VAR_DIR / "media"))
# No MEDIA_URL route: attachments are only served through permission-checked views.

# Both backends answer a failing storage with a French 503, and S3 gives up within seconds (core.storage).
AWS_STORAGE_BUCKET_NAME = os.environ.get("S3_BUCKET", "")
if AWS_STORAGE_BUCKET_NAME:
    default_storage = {
        "BACKEND": "core.storage.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
            "access_key": os.environ.get("S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY") or None,
            "region_name": os.environ.get("S3_REGION", "ca-central-1"),
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    default_storage = {"BACKEND": "core.storage.FileSystemStorage"}
STORAGES = {
    "default": default_storage,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

CONCERTO_MAX_UPLOAD_BYTES = int(os.environ.get("CONCERTO_MAX_UPLOAD_BYTES", 10 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = CONCERTO_MAX_UPLOAD_BYTES + 1024 * 1024

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Concerto <no-reply@concerto.local>")
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))

# Reminders (notifications.reminders): days before a due date, and days overdue before escalation.
CONCERTO_REMINDER_OFFSETS = [int(day) for day in env_list("CONCERTO_REMINDER_OFFSETS", "30,7,1")]
CONCERTO_REMINDER_GRACE_DAYS = int(os.environ.get("CONCERTO_REMINDER_GRACE_DAYS", "14"))
# A row "sending" for longer than this is taken back by the sweep and sent again: keep it well above the
# longest send (EMAIL_TIMEOUT for each step of one SMTP conversation), or a slow send goes out twice.
CONCERTO_OUTBOX_STUCK_MINUTES = int(os.environ.get("CONCERTO_OUTBOX_STUCK_MINUTES", "30"))
# After the send task's quick retries, the delays (minutes) before each further attempt; then the message
# is left for a person ("à traiter" on the outbox page).
CONCERTO_OUTBOX_RETRY_MINUTES = [
    int(minutes) for minutes in env_list("CONCERTO_OUTBOX_RETRY_MINUTES", "15,30,60,120,240,480,480")]

# Loi 25: the person in charge of the protection of personal information, named on the public privacy
# page (/confidentialite/, docs/privacy.md). Retention periods are rules edited in the admin, not here.
CONCERTO_PRIVACY_OFFICER_NAME = os.environ.get("CONCERTO_PRIVACY_OFFICER_NAME", "")
CONCERTO_PRIVACY_OFFICER_EMAIL = os.environ.get("CONCERTO_PRIVACY_OFFICER_EMAIL", "")
CONCERTO_PRIVACY_OFFICER_ADDRESS = os.environ.get("CONCERTO_PRIVACY_OFFICER_ADDRESS", "")

# Celery: Redis in production and CI, kombu's filesystem transport for the zero-setup demo.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or os.environ.get("REDIS_URL") or "filesystem://"
if CELERY_BROKER_URL.startswith("filesystem://"):
    BROKER_DIR = VAR_DIR / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "out"),
        "data_folder_out": str(BROKER_DIR / "out"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing a task after commit (core.broker): each connect, read and write to the broker gives up after
# this many seconds, without retrying; the sweeps hand over what was not. The worker's consuming
# connection keeps Celery's own settings.
CONCERTO_BROKER_PUBLISH_TIMEOUT = float(os.environ.get("CONCERTO_BROKER_PUBLISH_TIMEOUT", "0.5"))
# The health endpoint (/sante/) reports the worker as failing when beat has not run a periodic task for this
# many minutes (it records its runs every few minutes), or when work has waited this long for a worker.
CONCERTO_HEALTH_BEAT_MINUTES = int(os.environ.get("CONCERTO_HEALTH_BEAT_MINUTES", "10"))
CONCERTO_HEALTH_BACKLOG_MINUTES = int(os.environ.get("CONCERTO_HEALTH_BACKLOG_MINUTES", "15"))
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# One queue per kind of work, so that workers scale per queue (`celery -A config worker -Q mail`;
# docs/scaling.md). A worker started without -Q consumes every queue declared here (the demo's, the
# tests'). The default queue keeps Celery's name: tasks queued before an upgrade are still consumed.
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_QUEUES = [Queue(name, routing_key=name)  # one routing key each: a task lands in one queue
                      for name in ("celery", "mail", "scans", "exports", "webhooks")]
CELERY_TASK_ROUTES = {
    "notifications.send_message": {"queue": "mail"},
    "notifications.send_messages": {"queue": "mail"},
    "notifications.sweep_outbox": {"queue": "mail"},
    "notifications.scan_reminders": {"queue": "scans"},
    "notifications.send_analyst_digest": {"queue": "scans"},
    "core.apply_retention": {"queue": "scans"},
    "reporting.run_export": {"queue": "exports"},
    "reporting.warm_dashboards": {"queue": "scans"},
    "portal.write_open_data": {"queue": "exports"},  # whole files written to storage, as exports
    "workflow.run_bulk_job": {"queue": "exports"},  # staff batches with a progress bar, as exports
    "workflow.deliver_webhook": {"queue": "webhooks"},
    "workflow.sweep_webhooks": {"queue": "webhooks"},
    "grants.compute_similarities": {"queue": "scans"},
    "grants.sweep_similarities": {"queue": "scans"},
    "scoring.refresh_zscores": {"queue": "scans"},
    "scoring.sweep_zscores": {"queue": "scans"},
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "core.api_auth.ScopedTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "core.api_permissions.SecondFactorForStaff",
        "core.api_auth.TokenScope",
    ],
    "DEFAULT_PAGINATION_CLASS": "core.api_auth.CursorPage",
    "DEFAULT_FILTER_BACKENDS": ["core.api_auth.StrictFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": ["core.api_auth.PerTokenThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "token": os.environ.get("CONCERTO_API_RATE", "2000/hour"),
    },
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.exception_handler",
}
# Staff exports of more proposals than this run as a background task with a download link when ready.
CONCERTO_EXPORT_SYNC_MAX_PROPOSALS = int(os.environ.get("CONCERTO_EXPORT_SYNC_MAX_PROPOSALS", "5000"))
# Webhook addresses must be public unless an intranet integrator needs a private one.
CONCERTO_WEBHOOK_ALLOW_PRIVATE_ADDRESSES = env_bool("CONCERTO_WEBHOOK_ALLOW_PRIVATE_ADDRESSES", False)

# Open data (portal): who publishes it and under which licence.
CONCERTO_OPEN_DATA_PUBLISHER = {
    "name": os.environ.get("CONCERTO_PUBLISHER_NAME", "Alliance pour la solidarité — fonds régional FQIS"),
    "identifier": os.environ.get("CONCERTO_PUBLISHER_ID", "XI-CONCERTO-FQIS"),
    "website": os.environ.get("CONCERTO_PUBLISHER_WEBSITE", ""),
}
CONCERTO_OPEN_DATA_LICENCE = {
    "name": os.environ.get("CONCERTO_LICENCE_NAME", "Creative Commons Attribution 4.0 International (CC BY 4.0)"),
    "url": os.environ.get("CONCERTO_LICENCE_URL", "https://creativecommons.org/licenses/by/4.0/"),
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Concerto API",
    "DESCRIPTION": "Demandes, analyse et décisions des fonds régionaux (FQIS).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from the installed sidecar package: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Refusals, throttling and unknown ids are documented on every operation (core/api_schema.py).
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums",
                             "core.api_schema.document_common_errors"],
    "COMPONENT_SPLIT_REQUEST": True,
    # One schema component for the proposal states, whichever field (state, target…) uses them.
    "ENUM_NAME_OVERRIDES": {"ProposalStateEnum": "grants.states.State",
                            "ReportStateEnum": "accountability.models.report.Report.State",
                            "ReportKindEnum": "accountability.models.report.ReportKind",
                            "QuestionKindEnum": "grants.models.question.QuestionKind",
                            "TrancheStateEnum": "accountability.models.agreement.PaymentTranche.State"},
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): no inline script or style anywhere, no eval; scripts and styles
# are files under static/ (htmx's own indicator style is turned off in base.html).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}
# Browser features no page uses (core.middleware.PermissionsPolicyMiddleware); passkeys
# (publickey-credentials-*) keep their default, this origin only.
PERMISSIONS_POLICY = {feature: [] for feature in (
    "accelerometer", "camera", "display-capture", "geolocation", "gyroscope", "hid", "magnetometer",
    "microphone", "midi", "payment", "serial", "usb")}
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
