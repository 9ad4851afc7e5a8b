"""Site-wide request guards and response headers."""

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest


class RejectNulBytesMiddleware:
    """A NUL byte in a query parameter cannot be stored or searched for (PostgreSQL refuses it): answer 400."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.META.get("QUERY_STRING", "") or any(
            "\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()
        ):
            return HttpResponseBadRequest("请求参数含有不允许的字符（NUL）。", content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class ContentSecurityPolicyMiddleware:
    """Content-Security-Policy from settings.CONTENT_SECURITY_POLICY (scripts only from the site itself)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", "")
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy
        return response


def signin_locked_out(request, credentials, *args, **kwargs):
    """What a locked-out sign-in sees (django-axes): how long to wait, with 429 Too Many Requests."""
    minutes = round(settings.AXES_COOLOFF_TIME * 60)
    return HttpResponse(
        f"登录失败次数过多，已暂时锁定。请在{minutes}分钟后再试，或联系管理员解锁。",
        status=429,
        content_type="text/plain; charset=utf-8",
    )
