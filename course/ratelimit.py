"""Rate limits for public look-ups by secret code (the certificate's verification page).

Reuses django-allauth's rate limiter, which the logins already count with: the same shared
cache (``CACHES``, Redis or the database in production), the same client IP (allauth's
adapter, behind the proxy) and its per-rate history with a lock. Its public helper never
limits GET requests, so this calls the internal ``consume`` with ``limit_get`` and our own
rate, ``settings.CERTIFICATE_VERIFY_RATE_LIMIT`` (allauth's syntax, e.g. ``"10/10m/ip"``).

Only failed look-ups (malformed or unknown codes) are counted: a school board checking
many real certificates is never stopped, someone guessing is.
"""

from allauth.core.internal import ratelimit as allauth_ratelimit
from django.conf import settings

APP = "course"
ACTION = "certificate_verify"


def _consume(request, *, dry_run):
    config = {ACTION: settings.CERTIFICATE_VERIFY_RATE_LIMIT}
    return allauth_ratelimit.consume(
        request, app=APP, action=ACTION, config=config, dry_run=dry_run, limit_get=True
    )


def guessing_allowed(request):
    """False once this IP address has used up its failed look-ups for the period."""
    return bool(_consume(request, dry_run=True))


def record_failed_guess(request):
    """Count one failed look-up against the request's IP address."""
    _consume(request, dry_run=False)
