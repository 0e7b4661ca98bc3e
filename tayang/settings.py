"""Django settings for Tayang, read from the environment.

Defaults are for one machine: embedded SQLite under ``var/``, media on the filesystem, the
database-backed task queue. Production sets ``TAYANG_ENV=production`` and must then give a
secret key and hosts of its own; see ``docs/deployment.md``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("TAYANG_VAR_DIR", BASE_DIR / "var"))

ENVIRONMENT = os.environ.get("TAYANG_ENV", "development")
IS_PRODUCTION = ENVIRONMENT == "production"
DEMO_MODE = os.environ.get("TAYANG_DEMO", "0" if IS_PRODUCTION else "1") == "1"
DEBUG = os.environ.get("TAYANG_DEBUG", "0" if IS_PRODUCTION else "1") == "1"

_DEVELOPMENT_SECRET = "tayang-development-only-not-secret"
SECRET_KEY = os.environ.get("TAYANG_SECRET_KEY", _DEVELOPMENT_SECRET)

if IS_PRODUCTION:
    # Refuse to start rather than run an agency's data with a known key, debug pages or demo
    # accounts whose passwords are printed in the README.
    if SECRET_KEY == _DEVELOPMENT_SECRET or len(SECRET_KEY) < 40:
        raise ImproperlyConfigured(
            "TAYANG_SECRET_KEY wajib diisi (minimal 40 karakter acak) di lingkungan produksi."
        )
    if DEBUG:
        raise ImproperlyConfigured("TAYANG_DEBUG tidak boleh aktif di lingkungan produksi.")
    if DEMO_MODE:
        raise ImproperlyConfigured("Mode demo (TAYANG_DEMO=1) tidak boleh aktif di produksi.")

ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get(
        "TAYANG_ALLOWED_HOSTS", "" if IS_PRODUCTION else "127.0.0.1,localhost,testserver"
    ).split(",")
    if host.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_htmx",
    "django_tasks_db",
    "tayang.orgs",
    "tayang.procedures",
    "tayang.items",
    "tayang.media",
    "tayang.workspace",
    "tayang.dip",
    "tayang.public",
    "tayang.outbox",
    "tayang.channels",
    "tayang.notify",
    "tayang.exports",
    "tayang.web",
    "tayang.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # An organization's own host name serves its public site (docs/public-site.md).
    "tayang.public.middleware.SiteHostMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "tayang.urls"
WSGI_APPLICATION = "tayang.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tayang.notify.context_processors.unread",
            ],
        },
    },
]

# --- database ---------------------------------------------------------------------------------
# SQLite by default (WAL, IMMEDIATE transactions so that writers queue instead of failing);
# DATABASE_URL selects PostgreSQL (or another SQLite file) instead.
_SQLITE_DEFAULT = f"sqlite:///{VAR_DIR / 'tayang.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or _SQLITE_DEFAULT, conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
            "PRAGMA busy_timeout=20000;"
        ),
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- background tasks -------------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TAYANG_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# --- exports made in the background -----------------------------------------------------------
# docs/records.md: a register of more rows than this, or a dossier whose uploaded
# files weigh more, is made by the worker behind a progress page instead of in the request.
# Finished files are kept TAYANG_EXPORT_KEEP_DAYS days (``manage.py exports_cleanup``).
TAYANG_EXPORT_INLINE_ROWS = int(os.environ.get("TAYANG_EXPORT_INLINE_ROWS", "200"))
TAYANG_EXPORT_INLINE_DOSSIER_BYTES = (
    int(os.environ.get("TAYANG_EXPORT_INLINE_DOSSIER_MB", "20")) * 1024 * 1024
)
TAYANG_EXPORT_KEEP_DAYS = int(os.environ.get("TAYANG_EXPORT_KEEP_DAYS", "7"))

# --- publishing channels (docs/channels.md) ---------------------------------------------------
# Absolute addresses in posts (links, Instagram's media URLs) for organizations without their
# own host name: the address the public reaches this installation at.
TAYANG_PUBLIC_BASE_URL = os.environ.get("TAYANG_PUBLIC_BASE_URL", "http://127.0.0.1:8000")
# Fernet key(s) for channel credentials; derived from SECRET_KEY when unset (see crypto.py).
TAYANG_CHANNEL_KEY = os.environ.get("TAYANG_CHANNEL_KEY", "")
# Platform API base URLs by channel kind, e.g. {"facebook": "http://127.0.0.1:9001/v23.0"}:
# for test doubles and API gateways; unset means each platform's documented address.
TAYANG_CHANNEL_API_BASES = json.loads(os.environ.get("TAYANG_CHANNEL_API_BASES", "{}"))
TAYANG_CHANNEL_TIMEOUT = float(os.environ.get("TAYANG_CHANNEL_TIMEOUT", "60"))
# How long a worker holds a publication it is sending; renewed at each step it records.
TAYANG_PUBLISH_LEASE_SECONDS = int(os.environ.get("TAYANG_PUBLISH_LEASE_SECONDS", "600"))
TAYANG_PUBLISH_MAX_ATTEMPTS = int(os.environ.get("TAYANG_PUBLISH_MAX_ATTEMPTS", "8"))
TAYANG_PUBLISH_BACKOFF_SECONDS = float(os.environ.get("TAYANG_PUBLISH_BACKOFF_SECONDS", "30"))
# How often each worker looks for due, stranded or interrupted publications.
TAYANG_SWEEP_SECONDS = float(os.environ.get("TAYANG_SWEEP_SECONDS", "15"))

# --- notifications (docs/notifications.md) ---------------------------------------------------
# How long a worker holds a delivery it is sending (longer than any SMTP or HTTP timeout).
TAYANG_NOTIFY_LEASE_SECONDS = int(os.environ.get("TAYANG_NOTIFY_LEASE_SECONDS", "300"))
TAYANG_NOTIFY_MAX_ATTEMPTS = int(os.environ.get("TAYANG_NOTIFY_MAX_ATTEMPTS", "6"))
TAYANG_NOTIFY_BACKOFF_SECONDS = float(os.environ.get("TAYANG_NOTIFY_BACKOFF_SECONDS", "30"))
# How long a Telegram deep link (linking a person to the organization's bot) stays valid.
TAYANG_TELEGRAM_LINK_MINUTES = int(os.environ.get("TAYANG_TELEGRAM_LINK_MINUTES", "30"))

# --- cache -----------------------------------------------------------------------------------
# Rendered public pages (keyed by each site's generation, so never stale) and small lookups.
# Local memory per process by default; production sets TAYANG_REDIS_URL to share one cache
# between processes and hosts (Django's built-in Redis backend, needs the redis package).
if os.environ.get("TAYANG_REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["TAYANG_REDIS_URL"],
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "tayang",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    }
# How long browsers and proxies may keep a public page without asking again (seconds).
TAYANG_PUBLIC_MAX_AGE = int(os.environ.get("TAYANG_PUBLIC_MAX_AGE", "60"))

# --- people -----------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# --- e-mail -----------------------------------------------------------------------------------
# Notifications and password resets go out by SMTP when TAYANG_SMTP_HOST is set; otherwise
# (development, the demo) each message is written as a file under var/mail/ so that nothing
# is lost and a developer can read it.
DEFAULT_FROM_EMAIL = os.environ.get("TAYANG_EMAIL_FROM", "Tayang <tayang@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if os.environ.get("TAYANG_SMTP_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["TAYANG_SMTP_HOST"]
    EMAIL_PORT = int(os.environ.get("TAYANG_SMTP_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("TAYANG_SMTP_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("TAYANG_SMTP_PASSWORD", "")
    # "starttls" (port 587, the default), "ssl" (port 465) or "none" (a relay on the host).
    _SMTP_SECURITY = os.environ.get("TAYANG_SMTP_SECURITY", "starttls")
    EMAIL_USE_TLS = _SMTP_SECURITY == "starttls"
    EMAIL_USE_SSL = _SMTP_SECURITY == "ssl"
    EMAIL_TIMEOUT = int(os.environ.get("TAYANG_SMTP_TIMEOUT", "20"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"

# --- language and time ------------------------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "tayang" / "locale"]
USE_I18N = True
# Stored in UTC; shown in each organization's own zone (WIB, WITA or WIT).
USE_TZ = True
TIME_ZONE = "Asia/Jakarta"

# --- files ------------------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("TAYANG_MEDIA_ROOT", VAR_DIR / "media"))

# --- security ---------------------------------------------------------------------------------
# No page may call out to a third party: every asset is served from here.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
    "form-action": [CSP.SELF],
}
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE = IS_PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "SAMEORIGIN"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("TAYANG_LOG_LEVEL", "INFO")},
}
