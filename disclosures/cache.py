"""Published pages and API reads kept in the cache until the published data changes.

Every key carries the published-data version; publishing, unpublishing, archiving, revalidating or deleting a
report (and renaming a department or jurisdiction) bumps it once the transaction commits, so the next request
builds the page again. Only anonymous requests without a session cookie are served from the cache or stored
in it: staff and anyone signed in always get a page built for them. Drafts never reach these pages (they
answer 404, which is not cached).

The version lives in the default cache: Redis in production, shared by every process. With a cache local to
one process (the demo, the tests) a change made in another process is seen after PUBLIC_CACHE_SECONDS.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

VERSION_KEY = "public:version"
HEADERS = ("Content-Type", "Content-Disposition", "Content-Language", "Vary", "Allow")


def enabled() -> bool:
    return getattr(settings, "PUBLIC_CACHE_SECONDS", 0) > 0


def version() -> int:
    current = cache.get(VERSION_KEY)
    if current is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        current = cache.get(VERSION_KEY, 1)
    return current


def bump() -> None:
    """The published data changed: every page cached so far is stale."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.add(VERSION_KEY, 2, timeout=None)


def bump_on_commit(**_signal) -> None:
    """Bump once the transaction commits, once however many rows it changes."""
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(func is bump for _sids, func, _robust in connection.run_on_commit):
        return
    transaction.on_commit(bump)


def connect_signals(models, *, deletions) -> None:
    """A saved row of the published data (the admin edits rows directly) bumps the version, and so does a deleted
    row of `deletions`: the rows of a report's tables are deleted in bulk, where a receiver would slow every
    deletion down, and the services that delete them bump the version themselves."""
    for model in models:
        post_save.connect(bump_on_commit, sender=model, dispatch_uid=f"public-cache-save-{model.__name__}")
    for model in deletions:
        post_delete.connect(bump_on_commit, sender=model, dispatch_uid=f"public-cache-delete-{model.__name__}")


def cacheable(request) -> bool:
    """An anonymous read: no session cookie (so no signed-in user), a GET or HEAD."""
    return (
        enabled()
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def page_key(request) -> str:
    variant = "|".join(
        [request.get_full_path(), get_language() or "", request.META.get("HTTP_ACCEPT", ""), request.get_host()]
    )
    return f"public:{version()}:{hashlib.sha256(variant.encode()).hexdigest()}"


def _storable(response) -> bool:
    return response.status_code == 200 and not response.streaming and not response.cookies


def _store(key: str, response) -> None:
    if _storable(response):
        headers = {name: response[name] for name in HEADERS if response.has_header(name)}
        cache.set(key, (response.content, headers), settings.PUBLIC_CACHE_SECONDS)


def _from_cache(entry) -> HttpResponse:
    content, headers = entry
    response = HttpResponse(content, content_type=headers.get("Content-Type"))
    for name, value in headers.items():
        response[name] = value
    response["X-Public-Cache"] = "hit"
    return response


def serve(request, build, allowed=None):
    """The cached answer for this request, or `build()` stored for the next one. `allowed` says whether a
    cached answer may be given (the API's throttles); when not, `build()` answers."""
    if not cacheable(request):
        return build()
    key = page_key(request)
    entry = cache.get(key)
    if entry is not None:
        return _from_cache(entry) if allowed is None or allowed() else build()
    response = build()
    patch_vary_headers(response, ("Cookie", "Accept-Language"))
    if hasattr(response, "render") and not response.is_rendered:
        response.add_post_render_callback(lambda rendered: _store(key, rendered))
    else:
        _store(key, response)
    return response


def public_page(view):
    """A public view whose answer depends only on the URL and the published data."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return serve(request, lambda: view(request, *args, **kwargs))

    return wrapped


def _throttles_allow(api_view, request) -> bool:
    """An API view's throttles counted for a cached answer as for any other."""
    drf_request = api_view.initialize_request(request)
    return all(throttle.allow_request(drf_request, api_view) for throttle in api_view.get_throttles())


def public_api(view):
    """`public_page` for a function view made with DRF's api_view: cached answers are throttled too."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        def allowed() -> bool:
            api_view = view.cls(**view.initkwargs)
            api_view.args, api_view.kwargs, api_view.headers = args, kwargs, {}
            return _throttles_allow(api_view, request)

        return serve(request, lambda: view(request, *args, **kwargs), allowed)

    return wrapped


class PublicReadMixin:
    """The same for the API's viewsets: reads served from the cache, throttled as the others."""

    def dispatch(self, request, *args, **kwargs):
        self.headers = {}
        return serve(
            request,
            lambda: super(PublicReadMixin, self).dispatch(request, *args, **kwargs),
            lambda: _throttles_allow(self, request),
        )
