"""Settings for the Coördinator passend onderwijs platform.

One module, driven by environment variables (see README, "Configuration"):

- ``DJANGO_DEBUG``: "1"/"true" turns debug on; off unless set.
- ``DJANGO_SECRET_KEY``: required when debug is off; the site refuses to start without it.
- ``DJANGO_ALLOWED_HOSTS``, ``DJANGO_CSRF_TRUSTED_ORIGINS``: comma-separated.
- ``DATABASE_URL``: any URL dj-database-url understands; default a SQLite file here.
- ``REDIS_URL``: shared cache, sessions (cached_db), rate limits and page cache; without it
  production falls back to the database cache, never a per-process cache, and keeps
  sessions as cached_db on files in ``DJANGO_CACHE_DIR`` (default ``var/cache``).
- ``AWS_STORAGE_BUCKET_NAME`` (with ``AWS_S3_ENDPOINT_URL``, ``AWS_S3_REGION_NAME``,
  ``AWS_ACCESS_KEY_ID``, ``AWS_SECRET_ACCESS_KEY``): media in S3-compatible object storage,
  private, reached only through short-lived signed URLs or the access-checked views.
- ``DJANGO_TASKS_BACKEND``: ``database`` sends background work (mail, offers, periodic
  jobs) to the ``db_worker``; default: run it in the request (development, tests).
- ``DJANGO_TRUSTED_PROXY``: ``1`` (default when debug is off) trusts the load balancer's
  ``X-Forwarded-Proto``/``X-Forwarded-Host``; ``0`` when nothing sits in front.
- ``EMAIL_HOST`` (with ``EMAIL_PORT``, ``EMAIL_HOST_USER``, ``EMAIL_HOST_PASSWORD``,
  ``EMAIL_USE_TLS``): SMTP in production; else ``DJANGO_EMAIL_FILE_PATH`` or the console.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = env("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off. "
            "For local development run `make run`, which turns debug on."
        )
    # Development only: a fixed, obviously unsafe key so sessions survive restarts.
    SECRET_KEY = "insecure-development-key-never-use-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "website",
    "course",
    "practice_day",
    "intervision",
    "assignments",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "website.apps.UsersAppConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "allauth",
    "allauth.account",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Django's widget templates, for FORM_RENDERER below.
    "django.forms",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    # Outermost: one JSON line per request with its status and duration (website/logs.py);
    # it also answers /healthz before sessions, cookies or the page cache are involved.
    "website.logs.RequestLogMiddleware",
    "website.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "website.middleware.DutchFirstLocaleMiddleware",
    # After the locale middleware (its key holds the language); see website/page_cache.py.
    "website.page_cache.AnonymousPageCacheMiddleware",
    # Site and page route ready-made for Wagtail's page view (website/content.py).
    "website.content.ContentMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: the admin's permission sets per content version.
    "website.admin_permissions.AdminPermissionsMiddleware",
    # After authentication (it asks who is signed in); see its docstring.
    "website.middleware.PrivateCacheControlMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Inside the CSP middleware so it can relax the policy for the Wagtail admin only.
    "website.middleware.AdminContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "website.urls"
# Every form renders through templates/forms/: required fields marked, errors linked
# (website/form_rendering.py; README "Forms and tables").
FORM_RENDERER = "website.form_rendering.SiteFormRenderer"
WSGI_APPLICATION = "website.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "website.content.context",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Wagtail's search index uses PostgreSQL's full-text search fields there.
    INSTALLED_APPS.append("django.contrib.postgres")

REDIS_URL = env("REDIS_URL")
# Each process's own memory, for what is the same for everybody and keyed by the content
# version read from the shared cache (website/content.py): never stale, never shared.
LOCAL_CACHE = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "content",
    "OPTIONS": {"MAX_ENTRIES": 2000},
}
if REDIS_URL:
    # Several app servers: cache, sessions, allauth's rate limits (they count in the default
    # cache) and the anonymous page cache all live in the one Redis.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("DJANGO_CACHE_PREFIX", "opleiding"),
        },
        "local": LOCAL_CACHE,
    }
    # Sessions in the database as well as in Redis: a flushed or restarted Redis signs
    # nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
elif DEBUG:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "local": LOCAL_CACHE,
    }
else:
    # One machine without Redis. Rate limits and the page cache must be counted and seen
    # across all gunicorn workers, so never a per-process cache: the database cache.
    # Sessions are read on every signed-in request: cached_db on files in
    # DJANGO_CACHE_DIR (shared by the workers on this machine, no database round trip),
    # backed by the session table (logout and erasure delete both; an emptied directory
    # signs nobody out). README "Performance" says why not signed cookies.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "django_cache",
            # Django's default of 300 entries would cull the per-person parts of the
            # logged-in pages (course/personal_cache.py) and stored pages long before they
            # expire: a cohort of thirty has more than that.
            "OPTIONS": {"MAX_ENTRIES": 50000},
        },
        "sessions": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(Path(env("DJANGO_CACHE_DIR", BASE_DIR / "var" / "cache")) / "sessions"),
            # Culling lists the directory on each write (a login), so the bound is generous.
            "OPTIONS": {"MAX_ENTRIES": 20000},
        },
        "local": LOCAL_CACHE,
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    SESSION_CACHE_ALIAS = "sessions"

# Background work (website/tasks.py). Wagtail 8 uses the django_tasks backport, so this
# project does too: one TASKS setting for Wagtail's tasks and ours. "database" stores each
# task in the database (django-tasks-db); `manage.py db_worker` runs them (deploy/).
# Without it tasks run in the request, as before (development, tests, `make run`).
if env("DJANGO_TASKS_BACKEND", "immediate") == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# A task whose worker died holds its claim this long before another worker takes it over
# (website/management/commands/run_worker.py); longer than any task runs.
TASK_LEASE_SECONDS = int(env("DJANGO_TASK_LEASE_SECONDS", "600"))
# Periodic jobs: each is a management command that a systemd timer enqueues as the task
# website.tasks.run_job (`manage.py enqueue_job NAME`, deploy/); the worker runs it under a
# lock, so two runs at the same time do the work once. prune_db_task_results deletes
# finished tasks after 14 days: their arguments hold mail addresses and texts (AVG).
PERIODIC_JOBS = [
    "expire_offers",
    "assignments_daily",
    "purge_intervision",
    "requeue_tasks",
    "prune_db_task_results",
]

# --- Accounts -------------------------------------------------------------------------

AUTH_USER_MODEL = "website.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "course:dashboard"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_SIGNUP_FORM_CLASS = "website.forms.SignupForm"
ACCOUNT_ADAPTER = "website.adapters.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Coördinator passend onderwijs] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
# Failed logins: 5 per 5 minutes per account, 20 per 5 minutes per IP address.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "20/5m/ip,5/5m/key",
    "signup": "20/h/ip",
    "reset_password": "20/m/ip,5/5m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
}
# The certificate's public verification page: failed look-ups (unknown or malformed codes)
# per IP address, counted by course/ratelimit.py with allauth's limiter.
CERTIFICATE_VERIFY_RATE_LIMIT = "10/10m/ip"

# --- Wagtail ----------------------------------------------------------------------------

WAGTAIL_SITE_NAME = "Coördinator passend onderwijs"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# The Wagtail admin signs in through allauth (website.views.admin_login), so it shares
# allauth's rate limits and enumeration prevention.
WAGTAILADMIN_LOGIN_URL = "wagtailadmin_login"
# Private pages send visitors to allauth's login too, never to Wagtail's bare LoginView
# (whose address, /_util/login/, also leads to allauth: website/urls.py).
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_I18N_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Always through Wagtail's view, so the before_serve_document hook (course/wagtail_hooks.py)
# can refuse participants-only documents; never a redirect to the raw storage URL.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Sends documents as stored, without Wagtail's "Content-Encoding: None" (website/sendfile.py).
SENDFILE_BACKEND = "website.sendfile"
# Every upload is checked by content in website/uploads.py (allow-list by magic bytes,
# no active PDFs, no macros or zip bombs, images re-encoded without metadata, neutral
# stored names); these form bases make every Wagtail upload view go through it.
# If the allow-lists change, also update website.uploads.DOCUMENT_KINDS / IMAGE_KINDS.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "website.uploads.SafeDocumentForm"
WAGTAILIMAGES_IMAGE_FORM_BASE = "website.uploads.SafeImageForm"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
# Documents always download (Content-Disposition: attachment, with nosniff from the serve
# view), so no uploaded file is ever rendered from the site's own origin.
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
# No Gravatar: it would send a hash of every editor's email address to a third party (AVG),
# and the admin's CSP blocks the images anyway. Wagtail shows its default avatar instead.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_PERMITTED_LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Language and time ---------------------------------------------------------------

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
# The one definition of how dates look ("do 14 jan. 2027"): website/formats/<language>/.
FORMAT_MODULE_PATH = ["website.formats"]
USE_I18N = True
USE_TZ = True

# --- Static and media ----------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
STATICFILES_STORAGE_BACKEND = (
    "django.contrib.staticfiles.storage.StaticFilesStorage"
    if DEBUG
    else "whitenoise.storage.CompressedManifestStaticFilesStorage"
)
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME")
if AWS_STORAGE_BUCKET_NAME:
    # Media (images, documents, plan attachments) in S3-compatible object storage, shared
    # by every app server. The bucket is private: no ACL on objects, every URL the storage
    # gives is signed and expires (longer than the page cache's 10 minutes, so a cached page
    # never shows an expired image). Documents and plan attachments are never linked by
    # their bucket URL: they stream through the access-checked views (Wagtail's document
    # view with WAGTAILDOCS_SERVE_METHOD = "serve_view", the plan attachment view).
    STORAGES = {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": AWS_STORAGE_BUCKET_NAME,
                "endpoint_url": env("AWS_S3_ENDPOINT_URL") or None,
                "region_name": env("AWS_S3_REGION_NAME") or None,
                "access_key": env("AWS_ACCESS_KEY_ID") or None,
                "secret_key": env("AWS_SECRET_ACCESS_KEY") or None,
                "default_acl": None,
                "querystring_auth": True,
                "signature_version": "s3v4",
                "querystring_expire": int(env("AWS_QUERYSTRING_EXPIRE", "3600")),
                "file_overwrite": False,
                "location": env("AWS_LOCATION", "media"),
            },
        },
        "staticfiles": {"BACKEND": STATICFILES_STORAGE_BACKEND},
    }
else:
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": STATICFILES_STORAGE_BACKEND},
    }

# --- Email ------------------------------------------------------------------------------

DEFAULT_FROM_EMAIL = env(
    "DJANGO_DEFAULT_FROM_EMAIL", "Coördinator passend onderwijs <noreply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Django 6.1's MAILERS replaces EMAIL_BACKEND and the EMAIL_* settings.
if env("EMAIL_HOST") and not DEBUG:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env("EMAIL_HOST"),
                "port": int(env("EMAIL_PORT", "587")),
                "username": env("EMAIL_HOST_USER", ""),
                "password": env("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "timeout": 20,
            },
        }
    }
elif env("DJANGO_EMAIL_FILE_PATH"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": env("DJANGO_EMAIL_FILE_PATH")},
        }
    }
else:
    # Development: emails are printed in the terminal that runs `make run`.
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}

# --- Security ---------------------------------------------------------------------------

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
# Wagtail's admin still relies on inline scripts and styles; this relaxed policy applies
# under /admin/ only (website.middleware.AdminContentSecurityPolicyMiddleware).
WAGTAILADMIN_CSP = {
    **SECURE_CSP,
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE, CSP.UNSAFE_EVAL],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "frame-ancestors": [CSP.SELF],
    "frame-src": [CSP.SELF],
}

SECURE_CONTENT_TYPE_NOSNIFF = True
CSRF_FAILURE_VIEW = "website.views.csrf_failure"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # the admin gets SAMEORIGIN for its preview frame (website.middleware)
SESSION_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    if env_bool("DJANGO_TRUSTED_PROXY", True):
        # Behind the TLS-terminating load balancer (deploy/nginx.conf), which sets these
        # headers itself and overwrites whatever a client sent. Set DJANGO_TRUSTED_PROXY=0
        # when clients reach gunicorn directly: then nobody can claim https by a header.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
        USE_X_FORWARDED_HOST = env_bool("DJANGO_USE_X_FORWARDED_HOST", False)
        # allauth's per-IP rate limits count the client's address, not the load balancer's:
        # the last N entries of X-Forwarded-For come from proxies of ours.
        ALLAUTH_TRUSTED_PROXY_COUNT = int(env("DJANGO_TRUSTED_PROXY_COUNT", "1"))
    SECURE_HSTS_SECONDS = int(env("DJANGO_SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True

# `make bench` mounts a bare view at /bench/floor/ to measure the cost of the middleware.
BENCH_FLOOR = env_bool("DJANGO_BENCH_FLOOR")
if BENCH_FLOOR:
    # seed_bench and bench_targets (bench/): installed only while `make bench` runs.
    INSTALLED_APPS.append("bench")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        # One JSON object per line (website/logs.py); DJANGO_LOG_FORMAT=text for reading.
        "json": {"()": "website.logs.JsonFormatter"},
        "text": {"format": "%(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": env("DJANGO_LOG_FORMAT", "text" if DEBUG else "json"),
        }
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "WARNING")},
    "loggers": {
        # Listed so its default handlers go: Django's own console handler (active with DEBUG)
        # would print every error a second time next to the root handler.
        "django": {"level": env("DJANGO_LOG_LEVEL", "WARNING")},
        "django.request": {"level": "ERROR"},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # One line per request and per task (website/logs.py, website/tasks.py). Under
        # `make run` runserver already prints each request, so these stay quiet there.
        "website.requests": {
            "level": env("DJANGO_REQUEST_LOG_LEVEL", "WARNING" if DEBUG else "INFO")
        },
        "website.tasks": {"level": "WARNING" if DEBUG else "INFO"},
        "website.health": {"level": "INFO"},
    },
}
