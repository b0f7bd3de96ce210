"""``/healthz`` for the load balancer: 200 when the database, the cache and the storage
answer, 503 otherwise; the body is ``ok`` or ``unavailable``, nothing more.

Answered by a middleware placed before sessions, the locale, the page cache and
authentication, so a probe every few seconds costs three small round trips, sets no
cookie, never lands in the page cache and tells nobody which part failed (that goes to the
log). Any method but GET and HEAD gets 405.
"""

import logging
import uuid

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpResponse

logger = logging.getLogger("website.health")

PATH = "/healthz"
# A file that never exists: asking for it is one cheap request to the storage (a HEAD to
# the bucket, a stat on disk) that fails only when the storage does not answer.
PROBE_NAME = "healthz-probe-never-stored"


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone()[0] == 1


def check_cache():
    key = "healthz:" + uuid.uuid4().hex
    cache.set(key, "1", timeout=5)
    answered = cache.get(key) == "1"
    cache.delete(key)
    return answered


def check_storage():
    default_storage.exists(PROBE_NAME)
    return True


CHECKS = {"database": check_database, "cache": check_cache, "storage": check_storage}


def healthy():
    """True when every part answers; a failing part is logged by name, never shown."""
    for name, check in CHECKS.items():
        try:
            if not check():
                logger.error("health check failed", extra={"event": {"component": name}})
                return False
        except Exception:
            logger.exception("health check failed", extra={"event": {"component": name}})
            return False
    return True


def healthz(request):
    if request.method not in ("GET", "HEAD"):
        response = HttpResponse(status=405)
        response["Allow"] = "GET, HEAD"
    elif healthy():
        response = HttpResponse("ok\n", content_type="text/plain")
    else:
        response = HttpResponse("unavailable\n", content_type="text/plain", status=503)
    response["Cache-Control"] = "no-store"
    return response


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path in (PATH, PATH + "/"):
            return healthz(request)
        return self.get_response(request)
