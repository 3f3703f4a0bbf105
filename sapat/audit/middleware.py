"""django-auditlog's middleware, with the request's actor forgotten when the request ends.

auditlog keeps the actor in a context variable that it sets per request but never resets; a later
bulk write in the same thread (a test, a management command run after a request) would otherwise be
attributed to that earlier request's user, even one that no longer exists.
"""

from auditlog.context import auditlog_value
from auditlog.middleware import AuditlogMiddleware


class AuditActorMiddleware(AuditlogMiddleware):
    def __call__(self, request):
        token = auditlog_value.set({})
        try:
            return super().__call__(request)
        finally:
            auditlog_value.reset(token)
