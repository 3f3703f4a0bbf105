"""The visitor's address for the failed-login limit.

Behind our own reverse proxy every request comes from the proxy, so the limit would lock a user name out
for everybody; the proxy appends the real address to X-Forwarded-For, and only the entries added by the
proxies we run (SAPAT_PROXY_COUNT, counted from the right) can be trusted: the rest is the client's word.
"""

from django.conf import settings


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    if not settings.SAPAT_BEHIND_PROXY:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    count = settings.SAPAT_PROXY_COUNT
    return forwarded[-count] if len(forwarded) >= count else remote
