"""Settings shared by every environment. Everything that differs comes from the environment."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def local_secret_key() -> str:
    """A key generated once per checkout and kept out of git (``.secret_key``)."""
    path = BASE_DIR / ".secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        key = secrets.token_urlsafe(50)
        path.write_text(key)
        path.chmod(0o600)
        return key


SECRET_KEY = os.environ.get("SECRET_KEY") or local_secret_key()
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "policies",
    "extraction",
    "comparison",
    "review",
    "django_celery_beat",
    "tracking",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.throttle.RequestThrottleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent writers (web + eager extraction threads) wait instead of failing at once.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 30
    # WAL: pages (and the progress poll) read while the background extraction thread writes
    # a big policy's results; rollback-journal mode would block those reads.
    DATABASES["default"]["OPTIONS"].setdefault("init_command", "PRAGMA journal_mode=WAL;")
    # A deferred transaction that read first and then writes fails at once with "database is
    # locked" when the other thread wrote meanwhile (SQLite skips the busy timeout to avoid a
    # deadlock); IMMEDIATE takes the write lock at BEGIN, so the timeout above applies.
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "policies:company-list"
LOGOUT_REDIRECT_URL = "policies:company-list"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# --- Celery -------------------------------------------------------------------------------
# No broker configured = the embedded default: tasks run eagerly, in-process, same code path.
# README "Operations" explains the reliability settings below.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
# Embedded default: eager tasks run on a background thread of the web process after the
# response (uploads answer at once, the page polls progress), not inside the request.
POLICY_EAGER_IN_BACKGROUND = os.environ.get("POLICY_EAGER_IN_BACKGROUND", "1") == "1"
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True

# Extraction runs: one queue of their own, so operators can size workers for it separately.
POLICY_EXTRACTION_QUEUE = os.environ.get("POLICY_EXTRACTION_QUEUE", "extraction")
# The recovery sweep's queue: separate, so it never waits behind a backlog of extractions.
POLICY_SWEEP_QUEUE = os.environ.get("POLICY_SWEEP_QUEUE", "celery")
# Per-run time limits (seconds). The soft limit raises inside the task (the run is marked
# failed with a clear error); the hard limit kills the worker process if that did not work.
POLICY_EXTRACTION_TIME_LIMIT = int(os.environ.get("POLICY_EXTRACTION_TIME_LIMIT", "600"))
POLICY_EXTRACTION_SOFT_TIME_LIMIT = int(
    os.environ.get("POLICY_EXTRACTION_SOFT_TIME_LIMIT", str(POLICY_EXTRACTION_TIME_LIMIT * 9 // 10))
)
# A run still "running" this long after it started has lost its worker (no live worker can be
# past the hard limit): the sweep re-queues it, and a redelivered task may take it over.
POLICY_EXTRACTION_STALE_GRACE = int(os.environ.get("POLICY_EXTRACTION_STALE_GRACE", "60"))
# Runs that lost their worker this many times (crash, OOM, hard limit) are marked failed.
POLICY_EXTRACTION_MAX_ATTEMPTS = int(os.environ.get("POLICY_EXTRACTION_MAX_ATTEMPTS", "3"))
# Transient errors (database or broker connection) are retried with exponential backoff.
POLICY_EXTRACTION_MAX_RETRIES = int(os.environ.get("POLICY_EXTRACTION_MAX_RETRIES", "5"))
POLICY_EXTRACTION_RETRY_BACKOFF_MAX = int(
    os.environ.get("POLICY_EXTRACTION_RETRY_BACKOFF_MAX", "300")
)
# The sweep re-dispatches queued runs never sent (broker down at upload) after this many
# seconds, and queued runs sent but still not started after POLICY_EXTRACTION_REDISPATCH_AFTER.
POLICY_EXTRACTION_DISPATCH_GRACE = int(os.environ.get("POLICY_EXTRACTION_DISPATCH_GRACE", "10"))
POLICY_EXTRACTION_SWEEP_INTERVAL = int(os.environ.get("POLICY_EXTRACTION_SWEEP_INTERVAL", "60"))
# PDF and DOCX uploads are converted to text after the response (extraction.UploadConversion).
# A conversion still "converting" this long after it was claimed lost its worker: the sweep
# sends it again. Above the task's hard time limit, so no live worker can still be on it.
POLICY_UPLOAD_CONVERSION_TIME_LIMIT = int(
    os.environ.get("POLICY_UPLOAD_CONVERSION_TIME_LIMIT", "300")
)
POLICY_UPLOAD_CONVERSION_STALE_SECONDS = int(
    os.environ.get(
        "POLICY_UPLOAD_CONVERSION_STALE_SECONDS", str(POLICY_UPLOAD_CONVERSION_TIME_LIMIT + 60)
    )
)

# Tracking (fetching sources, building change events, webhooks): a queue of its own, so
# checks never wait behind a backlog of extractions (workers: -Q tracking or -Q ...,tracking).
TRACKING_QUEUE = os.environ.get("TRACKING_QUEUE", "tracking")

CELERY_TASK_ROUTES = {
    "extraction.extract_run": {"queue": POLICY_EXTRACTION_QUEUE},
    "extraction.convert_upload": {"queue": POLICY_EXTRACTION_QUEUE},
    "extraction.sweep_runs": {"queue": POLICY_SWEEP_QUEUE},
    "tracking.*": {"queue": TRACKING_QUEUE},
}
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = POLICY_EXTRACTION_SOFT_TIME_LIMIT
CELERY_TASK_TIME_LIMIT = POLICY_EXTRACTION_TIME_LIMIT
CELERY_WORKER_MAX_TASKS_PER_CHILD = int(os.environ.get("CELERY_WORKER_MAX_TASKS_PER_CHILD", "500"))
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_WORKER_SEND_TASK_EVENTS = False
# Redis redelivers an unacknowledged message after the visibility timeout: it must exceed the
# longest a message can legitimately stay unacknowledged (a retry's countdown + the hard limit).
POLICY_BROKER_VISIBILITY_TIMEOUT = int(
    os.environ.get(
        "POLICY_BROKER_VISIBILITY_TIMEOUT",
        str(
            max(
                2 * POLICY_EXTRACTION_TIME_LIMIT,
                POLICY_EXTRACTION_TIME_LIMIT + POLICY_EXTRACTION_RETRY_BACKOFF_MAX + 60,
            )
        ),
    )
)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": POLICY_BROKER_VISIBILITY_TIMEOUT,
    # An unreachable broker must not hold an upload: fail fast, the sweep re-dispatches later.
    "socket_connect_timeout": 1.5,
    "socket_timeout": 5,
    "retry_on_timeout": True,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 0.5,
}
# Workers, by contrast, keep reconnecting for as long as the broker is away.
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
# Beat keeps its schedule in the database (django-celery-beat; editable in the admin under
# "Periodic tasks"): the entries below are written there when beat starts.
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
TRACKING_TICK_SECONDS = int(os.environ.get("TRACKING_TICK_SECONDS", "60"))
CELERY_BEAT_SCHEDULE = {
    "extraction-sweep": {
        "task": "extraction.sweep_runs",
        "schedule": float(POLICY_EXTRACTION_SWEEP_INTERVAL),
        "options": {"expires": float(POLICY_EXTRACTION_SWEEP_INTERVAL)},
    },
    # Queue the sources due for a check and the webhook deliveries due for a retry.
    "tracking-tick": {
        "task": "tracking.tick",
        "schedule": float(TRACKING_TICK_SECONDS),
        "options": {"expires": float(TRACKING_TICK_SECONDS), "queue": TRACKING_QUEUE},
    },
    "tracking-digests": {
        "task": "tracking.send_digests",
        "schedule": 3600.0,
        "options": {"expires": 3600.0, "queue": TRACKING_QUEUE},
    },
}

# --- Policy Atlas ---------------------------------------------------------------------------
SEEDS_DIR = Path(os.environ.get("POLICY_SEEDS_DIR") or (BASE_DIR.parent / "shared" / "seeds"))
# Largest upload or fetched document accepted, in bytes.
POLICY_MAX_UPLOAD_BYTES = int(os.environ.get("POLICY_MAX_UPLOAD_BYTES", str(5 * 1024 * 1024)))
# Browsing (pages and API reads) without signing in.
POLICY_PUBLIC_BROWSING = env_bool("POLICY_PUBLIC_BROWSING", True)
# Upload by URL: private/loopback addresses are refused unless this is on; seconds to wait.
POLICY_ALLOW_PRIVATE_URLS = env_bool("POLICY_ALLOW_PRIVATE_URLS", False)
POLICY_FETCH_TIMEOUT = float(os.environ.get("POLICY_FETCH_TIMEOUT", "10"))
# Tracking sources (README "Tracking"): how fetches identify themselves, how long one may
# take, how long a claim on a source holds, the first retry after a failure (doubled per
# consecutive failure, at most the source's interval) and how many due sources a tick queues.
TRACKING_USER_AGENT = os.environ.get(
    "TRACKING_USER_AGENT",
    "PolicyAtlasTracker/0.1 (+https://github.com/policy-atlas; checks privacy policies for "
    "changes, at most once per source per interval)",
)
TRACKING_FETCH_TIMEOUT = float(os.environ.get("TRACKING_FETCH_TIMEOUT", "15"))
TRACKING_CLAIM_SECONDS = int(os.environ.get("TRACKING_CLAIM_SECONDS", "180"))
# A due source queued this long ago and still not checked is queued again (a lost message).
TRACKING_REQUEUE_SECONDS = int(os.environ.get("TRACKING_REQUEUE_SECONDS", "900"))
# The per-check log (GET /api/v1/sources/<id>/checks/, the source page) keeps this many days.
TRACKING_CHECK_LOG_DAYS = int(os.environ.get("TRACKING_CHECK_LOG_DAYS", "90"))
TRACKING_RETRY_BASE = int(os.environ.get("TRACKING_RETRY_BASE", "300"))
TRACKING_ENQUEUE_BATCH = int(os.environ.get("TRACKING_ENQUEUE_BATCH", "5000"))
# Webhooks: per-attempt timeout, first retry delay (doubled per attempt), attempts in all.
TRACKING_WEBHOOK_TIMEOUT = float(os.environ.get("TRACKING_WEBHOOK_TIMEOUT", "10"))
TRACKING_WEBHOOK_RETRY_BASE = int(os.environ.get("TRACKING_WEBHOOK_RETRY_BASE", "30"))
TRACKING_WEBHOOK_MAX_ATTEMPTS = int(os.environ.get("TRACKING_WEBHOOK_MAX_ATTEMPTS", "8"))
# The address feeds, webhooks and digests link to (no request to read it from there).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# Email digests go through Django's email backend: the console unless configured.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Policy Atlas <atlas@localhost>")

# Pasted text is a form field: let it reach the upload form's own size check (clear message).
DATA_UPLOAD_MAX_MEMORY_SIZE = POLICY_MAX_UPLOAD_BYTES + 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- REST API (/api/v1/) ----------------------------------------------------------------------
# Rates are "<requests>/<second|minute|hour|day>"; README "REST API" documents them.
# A JSON upload carries up to POLICY_MAX_UPLOAD_BYTES of text, escaped (\uXXXX can triple it):
# let such bodies through to the upload view, which answers anything bigger with a clear 400.
DATA_UPLOAD_MAX_MEMORY_SIZE = max(2621440, POLICY_MAX_UPLOAD_BYTES * 3 + 65536)
API_THROTTLE_ANON = os.environ.get("API_THROTTLE_ANON", "120/minute")
API_THROTTLE_USER = os.environ.get("API_THROTTLE_USER", "1200/minute")
API_THROTTLE_UPLOAD = os.environ.get("API_THROTTLE_UPLOAD", "60/hour")
# How many reverse proxies in front of the app append to X-Forwarded-For and are trusted:
# 0 (default) = none, the client is REMOTE_ADDR (config/clientip.py).
API_NUM_PROXIES = int(os.environ.get("API_NUM_PROXIES") or 0)
# HTML pages, exports (CSV/JSON, pages and API) and form uploads (config/throttle.py):
# anonymous clients per address, signed-in users per user; the form's uploads share the
# API's `upload` rate. An empty value turns that throttle off.
PAGE_THROTTLE_ANON = os.environ.get("PAGE_THROTTLE_ANON", "300/minute")
PAGE_THROTTLE_USER = os.environ.get("PAGE_THROTTLE_USER", "1200/minute")
EXPORT_THROTTLE_ANON = os.environ.get("EXPORT_THROTTLE_ANON", "30/minute")
EXPORT_THROTTLE_USER = os.environ.get("EXPORT_THROTTLE_USER", "120/minute")
# Rendered read responses are cached, keyed by URL and a data stamp (config/api/cache.py);
# entries expire after this many seconds at the latest. 0 turns the cache off. On by default:
# uncached, a clause list misses the load target (bench/api_load.py prints both paths).
API_CACHE_SECONDS = int(os.environ.get("API_CACHE_SECONDS", "300"))
# How often each process re-reads that stamp (reads may lag a change elsewhere this long).
API_CACHE_STAMP_SECONDS = float(os.environ.get("API_CACHE_STAMP_SECONDS", "1"))
# The cache (also the throttles' counters): per process by default; set CACHE_URL
# (redis://host:6379/1) to share it between web processes and machines.
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache",
         "LOCATION": os.environ["CACHE_URL"], "TIMEOUT": 300}
        if os.environ.get("CACHE_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
              "LOCATION": "policy-atlas", "OPTIONS": {"MAX_ENTRIES": 2000}}
    )
}
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: an anonymous write gets 401 with `WWW-Authenticate: Token`.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["config.api.permissions.ReadPublicWriteAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": [
        "config.api.throttling.AnonRateThrottle",
        "config.api.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": API_THROTTLE_ANON,
        "user": API_THROTTLE_USER,
        "upload": API_THROTTLE_UPLOAD,
    },
    "DEFAULT_PAGINATION_CLASS": "config.api.pagination.PagePagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "config.api.schema.AutoSchema",
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "config.api.negotiation.StrictContentNegotiation",
    "EXCEPTION_HANDLER": "config.api.errors.api_exception_handler",
    # Also read by config.clientip (page throttles); 0 means the header is never trusted.
    "NUM_PROXIES": API_NUM_PROXIES,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Policy Atlas API",
    "DESCRIPTION": (
        "Structured clauses of companies' privacy policies, comparisons between companies, "
        "differences between versions, uploads and extraction runs. Clause fields use the "
        "names and values of the extraction contract. Lists are paginated with `page` and "
        "`page_size`; filters combine with AND and a repeated filter matches any of its values; "
        "unknown query parameters and values are a 400. Every error has the same shape "
        "(`Error`). Reads are anonymous unless the operator turned public browsing off; writes "
        "need a token (`Authorization: Token <key>`, from `manage.py create_api_token USER`) or "
        "a session."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "DEFAULT_GENERATOR_CLASS": "config.api.schema.SchemaGenerator",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "SectionKeyEnum": "config.api.enums.SECTION_KEY",
        "PolicyKindEnum": "config.api.enums.POLICY_KIND",
        "SourceKindEnum": "config.api.enums.SOURCE_KIND",
        "PracticeEnum": "config.api.enums.PRACTICE",
        "ModalityEnum": "config.api.enums.MODALITY",
        "RetentionQualifierEnum": "config.api.enums.RETENTION_QUALIFIER",
        "FindingKindEnum": "config.api.enums.FINDING_KIND",
        "RunStatusEnum": "config.api.enums.RUN_STATUS",
        "RunStageEnum": "config.api.enums.RUN_STAGE",
        "VerdictQuestionEnum": "comparison.builders.verdicts.QUESTION_CHOICES",
        "VerdictStatusEnum": "comparison.builders.verdicts.STATUS_CHOICES",
        "RequirementKeyEnum": "config.api.enums.REQUIREMENT_KEY",
        "ReviewFieldEnum": "review.models.ReviewField",
        "SourceStatusEnum": "tracking.models.Source.Status",
        "CheckOutcomeEnum": "tracking.models.SourceCheck.Outcome",
        "DeliveryStatusEnum": "tracking.models.Delivery.Status",
    },
}

# The trained section classifier extraction runs use: a function returning (name, path) of the
# active model or None (extraction/services/classifier.py). Empty: POLICY_CLASSIFIER_MODEL only.
POLICY_CLASSIFIER_PROVIDER = os.environ.get(
    "POLICY_CLASSIFIER_PROVIDER", "review.selectors.active_model"
)
