"""Rate limits for public look-ups by secret (a certificate's code, a guest's link).

Reuses django-allauth's rate limiter, which the logins already count with: the same shared
cache (``CACHES``, Redis or the database in production), the same client IP (allauth's
adapter, behind the proxy: ``DJANGO_TRUSTED_PROXY``) and its per-rate history with a lock.
Its public helper never limits GET requests, so this calls the internal ``consume`` with
``limit_get``. ``rate`` is in allauth's syntax, e.g. ``"10/10m/ip"``.

Only failed look-ups (malformed, unknown, revoked or expired secrets) are counted: someone
using real codes or links is never stopped, someone guessing is.
"""

from allauth.core.internal import ratelimit as allauth_ratelimit

APP = "website"


def _consume(request, action, rate, *, dry_run):
    return allauth_ratelimit.consume(
        request,
        app=APP,
        action=action,
        config={action: rate},
        dry_run=dry_run,
        limit_get=True,
    )


def guessing_allowed(request, action, rate):
    """False once this IP address has used up its failed look-ups of ``action``."""
    return bool(_consume(request, action, rate, dry_run=True))


def record_failed_guess(request, action, rate):
    """Count one failed look-up of ``action`` against the request's IP address."""
    _consume(request, action, rate, dry_run=False)
