"""Settings shared by every environment; everything that varies comes from the environment."""

import os
from pathlib import Path

from config.env import as_bool, as_list, broker_transport_options, broker_url, database_config

BASE_DIR = Path(__file__).resolve().parent.parent.parent
ENV = os.environ

SECRET_KEY = ENV.get("SECRET_KEY", "insecure-local-key-change-me")
DEBUG = as_bool(ENV.get("DEBUG"), default=False)
ALLOWED_HOSTS = as_list(ENV.get("ALLOWED_HOSTS"), default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = as_list(ENV.get("CSRF_TRUSTED_ORIGINS"), default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "disclosures",
    "ingestion",
    "staff",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.ContentSecurityPolicyMiddleware",
    "config.middleware.RejectNulBytesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Sign-in: after AXES_FAILURE_LIMIT wrong passwords for one user from one address, locked for AXES_COOLOFF_MINUTES.
AXES_FAILURE_LIMIT = int(ENV.get("AXES_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = float(ENV.get("AXES_COOLOFF_MINUTES", 15)) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "config.middleware.signin_locked_out"
AXES_ENABLED = as_bool(ENV.get("AXES_ENABLED"), default=True)

# Scripts and styles only from the site; style attributes place page highlights; json_script blocks are data.
CONTENT_SECURITY_POLICY = ENV.get(
    "CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'",
)
# Who may show a chart's embeddable page (/embed/…) in a frame; every other page refuses to be framed.
EMBED_FRAME_ANCESTORS = ENV.get("EMBED_FRAME_ANCESTORS", "*")

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

DATABASES = {"default": database_config(ENV, base_dir=BASE_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "staff:login"
LOGIN_REDIRECT_URL = "staff:dashboard"
LOGOUT_REDIRECT_URL = "disclosures:home"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(ENV.get("STATIC_ROOT", BASE_DIR / "var" / "staticfiles"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(ENV.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Uploads: a report PDF may be large, but not unbounded.
INGESTION_MAX_UPLOAD_BYTES = int(ENV.get("INGESTION_MAX_UPLOAD_BYTES", 100 * 1024 * 1024))
INGESTION_MAX_PAGES = int(ENV.get("INGESTION_MAX_PAGES", 1000))
INGESTION_PAGE_TIMEOUT_SECONDS = float(ENV.get("INGESTION_PAGE_TIMEOUT_SECONDS", 30))
# Which pages uploads and bulk ingest read by OCR: auto (pages that are only images), force (every page), off.
INGESTION_OCR = ENV.get("INGESTION_OCR", "auto")
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

CELERY_BROKER_URL = broker_url(ENV, base_dir=BASE_DIR)
CELERY_BROKER_TRANSPORT_OPTIONS = broker_transport_options(
    CELERY_BROKER_URL, base_dir=BASE_DIR, visibility_timeout=int(ENV.get("CELERY_VISIBILITY_TIMEOUT", 900))
)
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_MAX_TASKS_PER_CHILD = 50
CELERY_TASK_SOFT_TIME_LIMIT = float(ENV.get("CELERY_TASK_SOFT_TIME_LIMIT", 600))
CELERY_TASK_TIME_LIMIT = float(ENV.get("CELERY_TASK_TIME_LIMIT", 660))
CELERY_TASK_ALWAYS_EAGER = as_bool(ENV.get("CELERY_TASK_ALWAYS_EAGER"), default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BEAT_SCHEDULE = {
    "sweep-ingestion-jobs": {
        "task": "ingestion.tasks.sweep_ingestion_jobs",
        "schedule": float(ENV.get("INGESTION_SWEEP_EVERY_SECONDS", 60)),
    },
}
# A job no worker has reported on for this long is queued again by the sweep (failed after INGESTION_MAX_ATTEMPTS).
INGESTION_STUCK_AFTER_SECONDS = int(ENV.get("INGESTION_STUCK_AFTER_SECONDS", 300))
INGESTION_MAX_ATTEMPTS = int(ENV.get("INGESTION_MAX_ATTEMPTS", 3))
# The database away from a worker: retried after this many seconds, doubling, three times.
INGESTION_RETRY_BASE_SECONDS = float(ENV.get("INGESTION_RETRY_BASE_SECONDS", 5))
# Sending a task when the broker is down: a few quick tries, then the upload answers and the sweep takes over.
INGESTION_PUBLISH_RETRY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}
CELERY_BROKER_CONNECTION_TIMEOUT = 3
# A running job silent this long is taken over when its task is delivered again (its worker died).
INGESTION_RECLAIM_AFTER_SECONDS = int(ENV.get("INGESTION_RECLAIM_AFTER_SECONDS", 120))

# Public pages and API reads are cached this long at most; publishing, unpublishing or correcting a report
# makes them stale at once (disclosures/cache.py). 0 switches the cache off.
PUBLIC_CACHE_SECONDS = int(ENV.get("PUBLIC_CACHE_SECONDS", 600))

REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PAGINATION_CLASS": "disclosures.api.pagination.Pages",
    "PAGE_SIZE": 100,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Scoped per client address; generous for readers, set from the environment.
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": ENV.get("API_THROTTLE_ANON", "600/minute"),
        "user": ENV.get("API_THROTTLE_USER", "1200/minute"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "预决算公开数据 API",
    "DESCRIPTION": "Read-only access to published budget (预算) and final account (决算) reports: "
    "exact amounts as printed, each with its page. Lists answer CSV with ?format=csv.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": ENV.get("LOG_LEVEL", "INFO")},
}
