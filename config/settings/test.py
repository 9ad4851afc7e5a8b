"""Tests: tasks run in-process; the worker tests switch that off and use the broker named in the environment."""

from pathlib import Path

from .base import *  # noqa: F403
from .base import BASE_DIR, ENV, REST_FRAMEWORK, as_bool

# OCR takes seconds a page: the tests that are about it switch it on.
INGESTION_OCR = "off"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = as_bool(ENV.get("CELERY_TASK_ALWAYS_EAGER"), default=True)
MEDIA_ROOT = Path(ENV.get("MEDIA_ROOT", BASE_DIR / "var" / "test-media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Static files straight from static/ without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Sign-in lock-out is tested on its own (it is switched on there); other tests sign in freely.
AXES_ENABLED = False
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}
