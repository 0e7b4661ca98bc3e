"""Django settings for Tayang, read from the environment.

Defaults are for one machine: embedded SQLite under ``var/``, media on the filesystem, the
database-backed task queue, DEBUG off (``make run`` is the product; ``make dev`` turns DEBUG
on). Production sets ``TAYANG_ENV=production`` and must then give a secret key and hosts of
its own; PostgreSQL, Redis and S3-compatible object storage are each one switch below. See
``docs/deployment.md``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from tayang.keycheck import secret_key_problem

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("TAYANG_VAR_DIR", BASE_DIR / "var"))

ENVIRONMENT = os.environ.get("TAYANG_ENV", "development")
IS_PRODUCTION = ENVIRONMENT == "production"
DEMO_MODE = os.environ.get("TAYANG_DEMO", "0" if IS_PRODUCTION else "1") == "1"
# Off unless asked for (``make dev``): the product never shows tracebacks by default.
DEBUG = os.environ.get("TAYANG_DEBUG", "0") == "1"

_DEVELOPMENT_SECRET = "tayang-development-only-not-secret"
SECRET_KEY = os.environ.get("TAYANG_SECRET_KEY", _DEVELOPMENT_SECRET)

if IS_PRODUCTION:
    # Refuse to start rather than run an agency's data with a known key, debug pages or demo
    # accounts whose passwords are printed in the README.
    _weak = ("kunci pengembangan" if SECRET_KEY == _DEVELOPMENT_SECRET
             else secret_key_problem(SECRET_KEY))
    if _weak:
        raise ImproperlyConfigured(
            "TAYANG_SECRET_KEY wajib diisi dengan kunci acak (minimal 50 karakter) di "
            f"lingkungan produksi: kunci ini {_weak}. Buat dengan: "
            'python -c "import secrets; print(secrets.token_urlsafe(50))"'
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
    # Django's admin, its apps' admin.py and URL patterns loaded at first use (tayang/web).
    "tayang.web.admin_on_demand.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks_db",
    "tayang.accounts",
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
    "tayang.accessible",
    "tayang.language",
    "tayang.exports",
    "tayang.records",
    "tayang.decisions",
    "tayang.parties",
    "tayang.evaluation",
    "tayang.web",
    "tayang.demo",
    "tayang.operations",
]

MIDDLEWARE = [
    # First, so it compresses the final body: brotli/gzip by Accept-Encoding (tayang/http).
    "tayang.http.compression.CompressionMiddleware",
    # /sehat/ and /siap/ answer before host checks and HTTPS redirects: probes come from the
    # machine itself or the load balancer, by address (docs/deployment.md).
    "tayang.operations.middleware.HealthMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files (hashed names, gzip and brotli made at collectstatic) straight from the
    # production server, before any other work is done for the request.
    "tayang.operations.static.StaticFilesMiddleware",
    # An organization's own host name serves its public site (docs/public-site.md).
    "tayang.public.middleware.SiteHostMiddleware",
    # Django's, the header's text made once per policy (tayang/http/csp.py).
    "tayang.http.csp.ContentSecurityPolicyMiddleware",
    # A stored public page is answered here, before sessions, sign-in and CSRF (issue 16).
    "tayang.public.fastpath.CachedPageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before anything reads the body: refuses oversized uploads first (tayang/media/uploads.py).
    "tayang.media.uploads.UploadLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Ends sessions that were ended elsewhere, idle or too old (tayang/accounts/sessions.py).
    "tayang.accounts.sessions.SessionGuardMiddleware",
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
SQLITE_CACHE_KIB = int(os.environ.get("TAYANG_SQLITE_CACHE_KIB", "512"))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's backend, each statement's placeholders converted once (tayang/rows/sqlite).
    DATABASES["default"]["ENGINE"] = "tayang.rows.sqlite"
    # The test database in memory, as Django makes it for its own SQLite backend. Named here
    # because pytest-django recognises SQLite by that backend's name alone: for another it
    # suffixes the file's path per xdist worker ("test_/…/tayang.sqlite3_gw0"), which no
    # folder holds.
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
    # One connection per thread, kept between requests: opening one (Django's SQL functions,
    # the PRAGMAs below) costs more than the query a cached public page makes
    # (docs/performance.md). WAL readers hold no snapshot between requests.
    DATABASES["default"]["CONN_MAX_AGE"] = 60
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        # A page cache of 512 KiB per connection instead of SQLite's 2 MiB: every server thread
        # keeps a connection, so a web process of eight threads held up to 16 MiB of pages that
        # the system's own file cache holds anyway (no measurable change in the listings' CPU
        # time; docs/performance.md, the web process's memory).
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
            f"PRAGMA busy_timeout=20000; PRAGMA cache_size=-{SQLITE_CACHE_KIB};"
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
TAYANG_PUBLIC_BASE_URL = os.environ.get(
    "TAYANG_PUBLIC_BASE_URL", "" if IS_PRODUCTION else "http://127.0.0.1:8000"
).rstrip("/")
if IS_PRODUCTION and not TAYANG_PUBLIC_BASE_URL.startswith("https://"):
    # Channel posts, poster QR codes and password-reset links carry this address.
    raise ImproperlyConfigured(
        "TAYANG_PUBLIC_BASE_URL wajib diisi di produksi dengan alamat publik Tayang yang "
        "diawali https://, mis. https://tayang.example.go.id."
    )
# Fernet key(s) for channel credentials; derived from SECRET_KEY when unset (see crypto.py).
TAYANG_CHANNEL_KEY = os.environ.get("TAYANG_CHANNEL_KEY", "")
# Platform API base URLs by channel kind, e.g. {"facebook": "http://127.0.0.1:9001/v23.0"}:
# for test doubles and API gateways; unset means each platform's documented address. Trusted
# configuration: these origins are reached even when they are not public (docs/security.md).
TAYANG_CHANNEL_API_BASES = json.loads(os.environ.get("TAYANG_CHANNEL_API_BASES", "{}"))
# Outbound requests reach public addresses only (tayang/outbound.py). Comma-separated
# addresses, networks (CIDR) and host names that may be reached although they are not public:
# an agency's own intranet WordPress or CKAN. Empty (nothing internal) by default.
TAYANG_OUTBOUND_ALLOW = [
    entry.strip() for entry in os.environ.get("TAYANG_OUTBOUND_ALLOW", "").split(",")
    if entry.strip()
]
TAYANG_CHANNEL_TIMEOUT = float(os.environ.get("TAYANG_CHANNEL_TIMEOUT", "60"))
# The largest reply body an outbound call reads, decoded (tayang/reply_limit.py): twice the
# largest list a platform legitimately sends Tayang (docs/security.md). 8 MiB.
TAYANG_OUTBOUND_REPLY_MAX_BYTES = int(
    os.environ.get("TAYANG_OUTBOUND_REPLY_MAX_BYTES", str(8 * 1024 * 1024)))
# ... and read within this many seconds of its headers (tayang/reply_limit.py).
TAYANG_OUTBOUND_REPLY_SECONDS = float(os.environ.get("TAYANG_OUTBOUND_REPLY_SECONDS", "120"))
# How long a worker holds a publication it is sending; renewed at each step it records.
TAYANG_PUBLISH_LEASE_SECONDS = int(os.environ.get("TAYANG_PUBLISH_LEASE_SECONDS", "600"))
TAYANG_PUBLISH_MAX_ATTEMPTS = int(os.environ.get("TAYANG_PUBLISH_MAX_ATTEMPTS", "8"))
TAYANG_PUBLISH_BACKOFF_SECONDS = float(os.environ.get("TAYANG_PUBLISH_BACKOFF_SECONDS", "30"))
# How often each worker looks for due, stranded or interrupted publications.
TAYANG_SWEEP_SECONDS = float(os.environ.get("TAYANG_SWEEP_SECONDS", "15"))
# A worker above this resident memory after a task starts afresh (tayang/outbox/recycle.py);
# 0 turns it off. At rest a worker holds ~65 MB.
TAYANG_WORKER_MAX_RSS_MB = float(os.environ.get("TAYANG_WORKER_MAX_RSS_MB", "80"))

# --- notifications (docs/notifications.md) ---------------------------------------------------
# How long a worker holds a delivery it is sending (longer than any SMTP or HTTP timeout).
TAYANG_NOTIFY_LEASE_SECONDS = int(os.environ.get("TAYANG_NOTIFY_LEASE_SECONDS", "300"))
TAYANG_NOTIFY_MAX_ATTEMPTS = int(os.environ.get("TAYANG_NOTIFY_MAX_ATTEMPTS", "6"))
TAYANG_NOTIFY_BACKOFF_SECONDS = float(os.environ.get("TAYANG_NOTIFY_BACKOFF_SECONDS", "30"))
# How long a Telegram deep link (linking a person to the organization's bot) stays valid.
TAYANG_TELEGRAM_LINK_MINUTES = int(os.environ.get("TAYANG_TELEGRAM_LINK_MINUTES", "30"))

# --- accessible formats (docs/accessible-formats.md) -----------------------------------------
# How long a worker holds a format it is making (speech of the longest text takes seconds).
TAYANG_ACCESSIBLE_LEASE_SECONDS = int(os.environ.get("TAYANG_ACCESSIBLE_LEASE_SECONDS", "300"))
TAYANG_ACCESSIBLE_MAX_ATTEMPTS = int(os.environ.get("TAYANG_ACCESSIBLE_MAX_ATTEMPTS", "3"))
TAYANG_ACCESSIBLE_BACKOFF_SECONDS = float(
    os.environ.get("TAYANG_ACCESSIBLE_BACKOFF_SECONDS", "30")
)
# Spelling against the Indonesian Hunspell dictionary, checked by the worker (the .aff and .dic
# files' path without extension; Debian's hunspell-id by default).
TAYANG_SPELLING_DICTIONARY = os.environ.get("TAYANG_SPELLING_DICTIONARY",
                                            "/usr/share/hunspell/id_ID")
TAYANG_SPELLING_LEASE_SECONDS = int(os.environ.get("TAYANG_SPELLING_LEASE_SECONDS", "120"))
TAYANG_SPELLING_MAX_ATTEMPTS = int(os.environ.get("TAYANG_SPELLING_MAX_ATTEMPTS", "3"))

# --- cache and sessions ----------------------------------------------------------------------
# Rendered public pages (keyed by each site's generation, so never stale), small lookups and
# sign-in throttling. Local memory per process by default; production sets TAYANG_REDIS_URL
# to share one cache between processes and hosts (Django's built-in Redis backend), and
# sessions then live in the database with Redis in front (cached_db): a Redis restart signs
# nobody out.
REDIS_URL = os.environ.get("TAYANG_REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # Several installations (or test runs) may share one Redis.
            "KEY_PREFIX": os.environ.get("TAYANG_REDIS_PREFIX", "tayang"),
            "TIMEOUT": 3600,
        }
    }
    SESSION_ENGINE = "tayang.accounts.session_backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "tayang",
            # Each web process keeps its own: a public page is stored compressed, 5–7 KB (a
            # sitemap page ~35 KB), so 500 pages hold 2.5–3.5 MB per process where 2,000 let a
            # crawler walking a large site add 10–14 MB to each (docs/performance.md). The
            # pages people read most stay: the least recently read go first. More: Redis.
            "OPTIONS": {"MAX_ENTRIES": 500},
        }
    }
    # Django's database sessions, each read by one statement written once per process.
    SESSION_ENGINE = "tayang.accounts.session_backends.db"
# How long browsers and proxies may keep a public page without asking again (seconds).
TAYANG_PUBLIC_MAX_AGE = int(os.environ.get("TAYANG_PUBLIC_MAX_AGE", "60"))

# --- people -----------------------------------------------------------------------------------
# docs/security.md: at least 12 characters (ASVS 2.1.1), at most 128, not common, not the
# demo password (outside demo mode), not the organization's own name.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "tayang.accounts.validators.MaximumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "tayang.accounts.validators.DemoPasswordValidator"},
    {"NAME": "tayang.accounts.validators.OrganizationNameValidator"},
]
# Sign-in throttling (tayang/accounts/lockout.py): failures per account before a lock, how
# long the lock lasts, failures per address within the window.
TAYANG_SIGNIN_MAX_FAILURES = int(os.environ.get("TAYANG_SIGNIN_MAX_FAILURES", "10"))
TAYANG_SIGNIN_LOCK_MINUTES = int(os.environ.get("TAYANG_SIGNIN_LOCK_MINUTES", "15"))
TAYANG_SIGNIN_ADDRESS_MAX_FAILURES = int(
    os.environ.get("TAYANG_SIGNIN_ADDRESS_MAX_FAILURES", "50"))
TAYANG_SIGNIN_WINDOW_MINUTES = int(os.environ.get("TAYANG_SIGNIN_WINDOW_MINUTES", "60"))
# A session ends after this long without a request, and this long after signing in.
TAYANG_SESSION_IDLE_MINUTES = int(os.environ.get("TAYANG_SESSION_IDLE_MINUTES", "30"))
TAYANG_SESSION_MAX_HOURS = int(os.environ.get("TAYANG_SESSION_MAX_HOURS", "12"))
SESSION_COOKIE_AGE = TAYANG_SESSION_MAX_HOURS * 3600
PASSWORD_RESET_TIMEOUT = 3600  # a reset link works for one hour
LOGIN_URL = "login"
# Sign-in lands in one's workspace, or the choice among one's organizations (web.views).
LOGIN_REDIRECT_URL = "workspaces"
LOGOUT_REDIRECT_URL = "home"

# --- e-mail -----------------------------------------------------------------------------------
# Notifications and password resets go out by SMTP when TAYANG_SMTP_HOST is set; otherwise
# (development, the demo) each message is written as a file under var/mail/ so that nothing
# is lost and a developer can read it. Django's MAILERS (6.1) replaces the EMAIL_* settings;
# tayang/notify/media/email.py sends through ``mailers.default``.
DEFAULT_FROM_EMAIL = os.environ.get("TAYANG_EMAIL_FROM", "Tayang <tayang@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# "starttls" (port 587, the default), "ssl" (port 465) or "none" (a relay on the host, 25).
_SMTP_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
_SMTP_SECURITY = os.environ.get("TAYANG_SMTP_SECURITY", "starttls").strip().lower()
if _SMTP_SECURITY not in _SMTP_PORTS:
    # A typo must not quietly send passwords and messages without encryption.
    raise ImproperlyConfigured(
        f"TAYANG_SMTP_SECURITY={_SMTP_SECURITY!r} tidak dikenal: pilih starttls, ssl atau none."
    )
if os.environ.get("TAYANG_SMTP_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["TAYANG_SMTP_HOST"],
                "port": int(os.environ.get("TAYANG_SMTP_PORT") or _SMTP_PORTS[_SMTP_SECURITY]),
                # The backend logs in only when both are given.
                "username": os.environ.get("TAYANG_SMTP_USER", ""),
                "password": os.environ.get("TAYANG_SMTP_PASSWORD", ""),
                "use_tls": _SMTP_SECURITY == "starttls",
                "use_ssl": _SMTP_SECURITY == "ssl",
                "timeout": int(os.environ.get("TAYANG_SMTP_TIMEOUT", "20")),
            },
        }
    }
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(VAR_DIR / "mail")},
        }
    }

# --- language and time ------------------------------------------------------------------------
LANGUAGE_CODE = "id"
# Indonesian only: a browser asking for English must still get Django's own messages
# ("Bidang ini harus diisi.") in the product's language (issue 15).
LANGUAGES = [("id", "Bahasa Indonesia")]
LOCALE_PATHS = [BASE_DIR / "tayang" / "locale"]
USE_I18N = True
# Stored in UTC; shown in each organization's own zone (WIB, WITA or WIT).
USE_TZ = True
TIME_ZONE = "Asia/Jakarta"

# --- files ------------------------------------------------------------------------------------
# Static files: collected into STATIC_ROOT under hashed names with .gz and .br beside them
# (``collectstatic``, run by scripts/run.sh and the deployment), served by WhiteNoise.
STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("TAYANG_STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("TAYANG_MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # DEBUG (``make dev``) serves the source files through runserver, uncollected.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage" if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}
# Uploaded files, derivatives, posters and exports in S3-compatible object storage (MinIO,
# Ceph, a cloud's object store) instead of MEDIA_ROOT: what several machines share.
S3_BUCKET = os.environ.get("TAYANG_S3_BUCKET", "")
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": os.environ.get("TAYANG_S3_ENDPOINT_URL") or None,
            "access_key": os.environ.get("TAYANG_S3_ACCESS_KEY") or None,
            "secret_key": os.environ.get("TAYANG_S3_SECRET_KEY") or None,
            "region_name": os.environ.get("TAYANG_S3_REGION") or None,
            "location": os.environ.get("TAYANG_S3_PREFIX", ""),
            # Most S3-compatible servers want path-style addresses (bucket in the path).
            "addressing_style": os.environ.get("TAYANG_S3_ADDRESSING_STYLE", "path"),
            # Two uploads of the same photo share a content-hash name: the second must get a
            # name of its own, or deleting one would delete the other's file.
            "file_overwrite": False,
            # Files are served by Tayang's own views, which check who may see them: the bucket
            # stays private and no URL of it is ever handed out.
            "default_acl": None,
            "querystring_auth": True,
        },
    }
WHITENOISE_MAX_AGE = 60 * 60  # unhashed names (e.g. /static/public/public.css): an hour

# --- uploads (docs/security.md, "Berkas dan batas") -------------------------------------------
# Every uploaded file streams to a temporary file here (never whole into memory); files left by
# a killed process are removed by age at start-up and by the worker (``manage.py media_sweep``).
FILE_UPLOAD_TEMP_DIR = os.environ.get("TAYANG_UPLOAD_TEMP_DIR", str(VAR_DIR / "tmp" / "unggahan"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024
FILE_UPLOAD_HANDLERS = [
    "tayang.media.uploads.LimitedUploadHandler",  # counts and refuses while streaming
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# Largest file of each kind, in MB, and of a whole request (a batch of files), refused by its
# Content-Length before it is read and by counting while it streams.
TAYANG_UPLOAD_MAX_MB = {
    "photo": int(os.environ.get("TAYANG_UPLOAD_PHOTO_MB", "25")),
    "video": int(os.environ.get("TAYANG_UPLOAD_VIDEO_MB", "500")),
    "audio": int(os.environ.get("TAYANG_UPLOAD_AUDIO_MB", "100")),
    "document": int(os.environ.get("TAYANG_UPLOAD_DOCUMENT_MB", "50")),
}
TAYANG_UPLOAD_REQUEST_MAX_MB = int(os.environ.get("TAYANG_UPLOAD_REQUEST_MB", "600"))
TAYANG_UPLOAD_TEMP_MAX_AGE_HOURS = float(os.environ.get("TAYANG_UPLOAD_TEMP_MAX_AGE_HOURS", "6"))
# Photos: pixels at most, and the memory one decoded picture may take (PNG, WebP and
# progressive JPEG are decoded whole; baseline JPEG is decoded reduced).
TAYANG_IMAGE_MAX_MEGAPIXELS = int(os.environ.get("TAYANG_IMAGE_MAX_MEGAPIXELS", "60"))
TAYANG_IMAGE_DECODE_MB = int(os.environ.get("TAYANG_IMAGE_DECODE_MB", "128"))
# Video and audio: longest duration accepted, in minutes.
TAYANG_MEDIA_MAX_MINUTES = int(os.environ.get("TAYANG_MEDIA_MAX_MINUTES", "180"))

# --- security ---------------------------------------------------------------------------------
# No page may call out to a third party: every asset is served from here.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
# A refused form says so in Indonesian, with a way back (tayang/web/errors.py).
CSRF_FAILURE_VIEW = "tayang.web.errors.csrf_failure"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE = IS_PRODUCTION
if IS_PRODUCTION:
    # "__Host-" cookies are sent only over HTTPS, to this host, for the whole site: no
    # subdomain can set or overwrite them (docs/security.md).
    SESSION_COOKIE_NAME = "__Host-tayang-sesi"
    CSRF_COOKIE_NAME = "__Host-tayang-csrf"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Nothing in Tayang is shown inside a frame, its own pages included: DENY (and the CSP's
# frame-ancestors 'none') leaves no room for clickjacking.
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Behind a reverse proxy that ends TLS (nginx, a load balancer), TAYANG_BEHIND_HTTPS_PROXY=1
# makes Django trust its X-Forwarded-Proto (and take the client's address from the last
# X-Forwarded-For entry, for sign-in throttling). Only set it when the proxy overwrites those
# headers: otherwise a client could claim to be on HTTPS.
TAYANG_BEHIND_HTTPS_PROXY = os.environ.get("TAYANG_BEHIND_HTTPS_PROXY", "0") == "1"
if TAYANG_BEHIND_HTTPS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Plain-HTTP requests are redirected to HTTPS in production; TAYANG_SSL_REDIRECT=0 when the
# proxy in front already does it.
SECURE_SSL_REDIRECT = IS_PRODUCTION and os.environ.get("TAYANG_SSL_REDIRECT", "1") == "1"
# HSTS: browsers use HTTPS only, for a year by default once they have seen the header.
SECURE_HSTS_SECONDS = int(os.environ.get("TAYANG_HSTS_SECONDS",
                                         "31536000" if IS_PRODUCTION else "0"))
# HSTS for every subdomain, and the browsers' preload list, bind the agency's whole domain
# (often shared with older services on plain HTTP): its domain owner decides, with the two
# variables below (off by default), and ``check --deploy`` does not warn about that choice.
SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("TAYANG_HSTS_INCLUDE_SUBDOMAINS", "0") == "1"
SECURE_HSTS_PRELOAD = os.environ.get("TAYANG_HSTS_PRELOAD", "0") == "1"
SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("TAYANG_LOG_LEVEL", "INFO")},
    # httpx logs every request's full URL at INFO, and the Telegram Bot API carries the bot's
    # token in its path (/bot<token>/sendMessage): a credential must never reach the journal.
    # Tayang logs what matters of each call itself, without the secrets.
    "loggers": {name: {"level": "WARNING"} for name in ("httpx", "httpcore")},
}
