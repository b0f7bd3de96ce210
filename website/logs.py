"""Structured logs: one JSON line per request and per background task.

``JsonFormatter`` turns every log record into one JSON object on one line (time, level,
logger, message, and the record's ``event`` fields). ``RequestLogMiddleware`` writes one
such line per request on the ``website.requests`` logger: method, path, status, duration in
milliseconds and the user's id. Never personal data: no query string (it can hold tokens
and search words), no names or addresses, and path segments that are secrets (guest and
host links, calendar feeds, email confirmation and password reset keys) are replaced by
``<token>``. The task lines come from ``website.tasks`` (logger ``website.tasks``).
"""

import json
import logging
import re
import time

from django.utils import timezone

request_logger = logging.getLogger("website.requests")

# URL keyword arguments whose value is a secret (course feeds, practice-day host links,
# allauth's confirmation and reset keys).
SECRET_KWARGS = re.compile(r"token|key|uidb36|secret|code|signature", re.IGNORECASE)
# A segment nobody types: long and mixing letters with digits (a key we do not route).
TOKEN_LIKE = re.compile(r"^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9_\-:.=]{16,}$")


class JsonFormatter(logging.Formatter):
    """One JSON object per line; ``extra={"event": {...}}`` adds structured fields."""

    def format(self, record):
        data = {
            "time": timezone.now().isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        event = getattr(record, "event", None)
        if isinstance(event, dict):
            data.update(event)
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return json.dumps(data, default=str, ensure_ascii=False)


def masked_path(request):
    """The request's path without query string, with secret segments replaced."""
    path = request.path
    match = getattr(request, "resolver_match", None)
    secrets = set()
    if match is not None:
        for name, value in match.kwargs.items():
            if isinstance(value, str) and value and SECRET_KWARGS.search(name):
                secrets.add(value)
    segments = []
    for segment in path.split("/"):
        stem = segment
        for secret in secrets:
            if secret in stem:
                stem = stem.replace(secret, "<token>")
        bare = segment.rsplit(".", 1)[0]  # a feed's token before ".ics"
        if stem == segment and TOKEN_LIKE.match(bare):
            stem = "<token>"
        segments.append(stem)
    return "/".join(segments)


class RequestLogMiddleware:
    """Log one JSON line per request (outermost middleware, so it sees the final status)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        status = 500
        try:
            response = self.get_response(request)
            status = response.status_code
            return response
        finally:
            duration = round((time.perf_counter() - started) * 1000, 1)
            user = getattr(request, "user", None)
            user_id = user.pk if user is not None and user.is_authenticated else None
            request_logger.info(
                "request",
                extra={
                    "event": {
                        "method": request.method,
                        "path": masked_path(request),
                        "status": status,
                        "duration_ms": duration,
                        "user_id": user_id,
                    }
                },
            )
