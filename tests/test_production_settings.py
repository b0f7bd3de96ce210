"""Production settings for several machines: Redis, object storage, the proxy, the worker.

Each case runs ``manage.py`` in a fresh process with the production variables, the way a
deployment starts it (deploy/opleiding.env.example).
"""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

BASE_DIR = settings.BASE_DIR

PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "website.settings",
    "DJANGO_SECRET_KEY": "a-production-secret-" + "x" * 50,
    "DJANGO_ALLOWED_HOSTS": "opleiding.example.nl",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://opleiding.example.nl",
    "EMAIL_HOST": "smtp.example.nl",
    "DJANGO_TASKS_BACKEND": "database",
}
REDIS = {"REDIS_URL": "redis://127.0.0.1:6379/5"}
BUCKET = {
    "AWS_STORAGE_BUCKET_NAME": "opleiding-media",
    "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9000",
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
}

SHOW = """
import json
from django.conf import settings
from django_tasks import task_backends
print(json.dumps({
    "cache": settings.CACHES["default"]["BACKEND"],
    "cache_max_entries": settings.CACHES["default"].get("OPTIONS", {}).get("MAX_ENTRIES", 300),
    "session": settings.SESSION_ENGINE,
    "session_cache": settings.CACHES[settings.SESSION_CACHE_ALIAS]["BACKEND"],
    "storage": settings.STORAGES["default"]["BACKEND"],
    "storage_options": settings.STORAGES["default"].get("OPTIONS", {}),
    "proxy": settings.SECURE_PROXY_SSL_HEADER,
    "tasks": type(task_backends["default"]).__name__,
}, default=str))
"""


def run_django(overrides, *args, stdin=None):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "AWS_")) and k not in ("REDIS_URL", "DATABASE_URL")
    }
    env.update(overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def shown(overrides):
    result = run_django(overrides, "shell", "-c", SHOW)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "extra", [{}, REDIS, BUCKET, {**REDIS, **BUCKET}], ids=["db-cache", "redis", "s3", "redis+s3"]
)
def test_production_settings_pass_the_deploy_check_with_and_without_redis_and_storage(extra):
    result = run_django({**PRODUCTION, **extra}, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stdout + result.stderr


def test_with_redis_the_cache_and_sessions_are_shared_by_every_app_server():
    values = shown({**PRODUCTION, **REDIS})
    assert values["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert values["session"] == "django.contrib.sessions.backends.cached_db"
    assert values["session_cache"] == "django.core.cache.backends.redis.RedisCache"


def test_without_redis_one_machine_keeps_the_database_cache():
    values = shown(PRODUCTION)
    assert values["cache"] == "django.core.cache.backends.db.DatabaseCache"
    # Not Django's 300: the per-person parts of thirty people's pages would be culled.
    assert values["cache_max_entries"] >= 10000
    # Sessions cost no database round trip per request: cached_db on files shared by the
    # workers of the one machine, backed by the session table.
    assert values["session"] == "django.contrib.sessions.backends.cached_db"
    assert values["session_cache"] == "django.core.cache.backends.filebased.FileBasedCache"


def test_with_a_bucket_media_go_to_private_object_storage_with_signed_urls():
    values = shown({**PRODUCTION, **BUCKET})
    assert values["storage"] == "storages.backends.s3.S3Storage"
    options = values["storage_options"]
    assert options["default_acl"] is None  # no public-read objects
    assert options["querystring_auth"] is True  # every URL is signed ...
    assert 600 < options["querystring_expire"] <= 24 * 3600  # ... outlives the page cache, briefly


def test_without_a_bucket_media_stay_on_the_local_disk():
    assert shown(PRODUCTION)["storage"] == "django.core.files.storage.FileSystemStorage"


def test_behind_the_load_balancer_https_comes_from_its_header_unless_switched_off():
    assert shown(PRODUCTION)["proxy"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert shown({**PRODUCTION, "DJANGO_TRUSTED_PROXY": "0"})["proxy"] is None


def test_the_database_task_backend_is_chosen_by_the_environment_and_immediate_otherwise():
    assert shown(PRODUCTION)["tasks"] == "DatabaseBackend"
    assert shown({**PRODUCTION, "DJANGO_TASKS_BACKEND": ""})["tasks"] == "ImmediateBackend"
