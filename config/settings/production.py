"""Production: secrets and hosts must come from the environment; HTTPS-only by default."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import CELERY_BROKER_URL, ENV, as_bool

if not ENV.get("SECRET_KEY"):
    raise ImproperlyConfigured("SECRET_KEY must be set in production")

DEBUG = False
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto; each switch can be turned off for a plain-HTTP test run.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = as_bool(ENV.get("SECURE_SSL_REDIRECT"), default=True)
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = int(ENV.get("SECURE_HSTS_SECONDS", 31536000))
SECURE_HSTS_INCLUDE_SUBDOMAINS = as_bool(ENV.get("SECURE_HSTS_INCLUDE_SUBDOMAINS"), default=True)
SECURE_HSTS_PRELOAD = as_bool(ENV.get("SECURE_HSTS_PRELOAD"), default=True)
SESSION_COOKIE_SECURE = as_bool(ENV.get("SECURE_COOKIES"), default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "config.storage.StaticFilesStorage"},
}

# Sign-in lock-out, API throttling and the public page cache are shared by all web processes.
_cache_url = ENV.get("CACHE_URL") or (CELERY_BROKER_URL if CELERY_BROKER_URL.startswith("redis") else "")
if _cache_url:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_url}}
else:
    # Without a cache shared by the web processes, one process would not see another's publication.
    PUBLIC_CACHE_SECONDS = 0
