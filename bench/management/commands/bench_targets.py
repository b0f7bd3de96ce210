"""Print, as JSON, the pages `make bench` measures, with session cookies for logged-in ones."""

import json
from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.core.management.base import BaseCommand

from bench import targets as bench_targets
from website.models import User


def session_cookie(user):
    """A signed-in session in the configured engine (cached_db: the row and the cache)."""
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


class Command(BaseCommand):
    help = "List the benchmark's target URLs as JSON (used by scripts/bench.py)."

    def handle(self, *args, **options):
        participant = User.objects.get(email="deelnemer@example.nl")
        coordinator = User.objects.get(email="coordinator@example.nl")
        targets = [{"name": "home page", "url": "/", "kind": "public"}]
        targets += bench_targets.public_targets()
        targets += bench_targets.participant_targets(participant, session_cookie(participant))
        targets += bench_targets.coordinator_targets(coordinator, session_cookie(coordinator))
        self.stdout.write(json.dumps(targets))
