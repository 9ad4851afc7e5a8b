"""Tests: tasks run eagerly unless a real broker is named (CI's second run)."""

from .base import *  # noqa: F403
from .base import BASE_DIR, ENV, as_bool

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = as_bool(
    ENV.get("CELERY_TASK_ALWAYS_EAGER"), default="CELERY_BROKER_URL" not in ENV and "REDIS_URL" not in ENV
)
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
