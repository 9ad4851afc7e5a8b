"""/health/: answers 200 only when the database, the broker, static files and a page render all work."""

import logging

from django.contrib.staticfiles.storage import staticfiles_storage
from django.db import connection
from django.http import JsonResponse
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

STATIC_PROBE = "css/site.css"


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_broker() -> None:
    from config.celery_app import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=3)


def check_static() -> None:
    url = staticfiles_storage.url(STATIC_PROBE)
    if not url:
        raise RuntimeError("no URL for static files")
    name = STATIC_PROBE
    if hasattr(staticfiles_storage, "stored_name"):
        name = staticfiles_storage.stored_name(STATIC_PROBE)
    if hasattr(staticfiles_storage, "location") and not staticfiles_storage.exists(name):
        from django.contrib.staticfiles import finders

        if not finders.find(STATIC_PROBE):
            raise RuntimeError(f"{name} is missing")


def check_page() -> None:
    render_to_string("base.html", {})


CHECKS = {"database": check_database, "broker": check_broker, "static": check_static, "page": check_page}


@never_cache
@require_safe
def health(request):
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as exc:  # any failure makes the site unhealthy; the reason is logged
            logger.warning("health check %s failed: %s", name, exc)
            results[name] = "failed"
        else:
            results[name] = "ok"
    healthy = all(value == "ok" for value in results.values())
    return JsonResponse({"status": "ok" if healthy else "failed", "checks": results}, status=200 if healthy else 503)
