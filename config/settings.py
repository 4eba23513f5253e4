"""MotCua settings: one file, read from the environment (see .env.example)."""

import os
from datetime import date
from pathlib import Path

import dj_database_url
import django_stubs_ext

# Django's generic classes (ModelAdmin[Unit], Paginator[Row]) subscriptable at run time, as the
# type annotations write them.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("MOTCUA_VAR_DIR", BASE_DIR / "var"))


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    return int(env_str(name, str(default)))


DEBUG = env_bool("DEBUG", False)
# The fallback key only serves local runs; production sets SECRET_KEY (checked by `check --deploy`).
SECRET_KEY = env_str("SECRET_KEY", "motcua-local-development-key-not-for-production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "motcua.backoffice.apps.MotcuaAdminConfig",  # django.contrib.admin, throttled login
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "motcua.core",
    "motcua.accounts",
    "motcua.audit",
    "motcua.workdays",
    "motcua.catalog",
    "motcua.outbox",
    "motcua.scheduler",
    "motcua.integrations",  # every outside system's settings check
    "motcua.integrations.sms",
    "motcua.integrations.vneid",
    "motcua.integrations.zalo",
    "motcua.documents",
    "motcua.dossiers",
    "motcua.notify",
    "motcua.ratings",
    "motcua.metrics",
    "motcua.reports",
    "motcua.portal",
    "motcua.backoffice",
    "motcua.api",
    "motcua.demo",  # load_demo, simulate_year: demo data only, never imported by the product
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "motcua.core.inputs.ControlCharactersMiddleware",  # %00 in a URL never reaches a view
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "motcua" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "motcua.core.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'motcua.sqlite3'}"), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer commits; IMMEDIATE takes the write lock at BEGIN so
    # two writers queue instead of failing half-way with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "/dang-nhap/"
MOTCUA_CITIZEN_LOGIN_URL = "/tai-khoan/dang-nhap/"
LOGIN_REDIRECT_URL = "/can-bo/"
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["motcua.formats"]  # dd/mm/yyyy in and out, see motcua/formats/vi
USE_THOUSAND_SEPARATOR = False  # money is formatted by core.money; ids stay plain

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "motcua" / "static"]
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
# Citizens' uploads and results: outside MEDIA and static, served only through checked views.
MOTCUA_PRIVATE_FILES = Path(env_str("MOTCUA_PRIVATE_FILES", str(VAR_DIR / "private")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

# "default" holds caches a process may keep to itself; "limits" holds rate limits and sign-in
# lock-outs, which every process must see: Redis in production (REDIS_URL, required there),
# else a database table that all local processes share (`manage.py createcachetable`).
REDIS_URL = env_str("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    ),
    "limits": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "limits",
        }
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "motcua_limits_cache",
        }
    ),
}
# Addresses (or networks) of the reverse proxies in front of the app: only a request arriving
# from one of them has its X-Forwarded-For read, and only through such hops (motcua.core.addresses).
MOTCUA_TRUSTED_PROXIES = env_list("MOTCUA_TRUSTED_PROXIES", "")
# Password sign-in (API token, staff and admin pages): failures allowed per account name and per
# client address within the lock time, then sign-in from there is refused for the lock time.
MOTCUA_SIGN_IN_FAILURES_PER_ACCOUNT = env_int("MOTCUA_SIGN_IN_FAILURES_PER_ACCOUNT", 5)
MOTCUA_SIGN_IN_FAILURES_PER_ADDRESS = env_int("MOTCUA_SIGN_IN_FAILURES_PER_ADDRESS", 20)
MOTCUA_SIGN_IN_LOCK_MINUTES = env_int("MOTCUA_SIGN_IN_LOCK_MINUTES", 15)

# Background work (Django's Tasks API through the django-tasks backport): the database backend
# keeps the queue in the application's own database, so a local run needs no broker; workers
# (`manage.py db_worker`) claim tasks with SELECT … FOR UPDATE SKIP LOCKED on PostgreSQL.
# "default" holds quick work (messages, alerts), "rollups" the refreshes that may take minutes.
TASKS = {
    "default": {
        "BACKEND": env_str("MOTCUA_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", "rollups"],
    }
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
# HTTPS in production (docs/operations.md, "Production settings"); all off for a local run.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# The header by which the TLS-terminating proxy says the request came over HTTPS, as
# "X-Forwarded-Proto: https"; only ever set it when that proxy overwrites the header.
_PROXY_SSL_HEADER = env_str("SECURE_PROXY_SSL_HEADER", "")
if _PROXY_SSL_HEADER:
    _header, _, _value = _PROXY_SSL_HEADER.partition(":")
    _meta_name = "HTTP_" + _header.strip().upper().replace("-", "_")
    SECURE_PROXY_SSL_HEADER = (_meta_name, _value.strip() or "https")
# Check ids an installation has decided to accept, e.g. security.W021 when the domain is not to
# be submitted to the browsers' HSTS preload list (docs/operations.md, "Production settings").
SILENCED_SYSTEM_CHECKS = env_list("SILENCED_SYSTEM_CHECKS", "")

# Where the demo loader and the tests find the published procedure data.
MOTCUA_DATA_DIR = BASE_DIR / "data"
# Name shown in page headers; an installation sets its own agency.
MOTCUA_AGENCY_NAME = env_str("MOTCUA_AGENCY_NAME", "Sở Giáo dục và Đào tạo")
# Officers are warned this many working days before a step or a dossier falls due.
MOTCUA_WARNING_WORKING_DAYS = int(env_str("MOTCUA_WARNING_WORKING_DAYS", "1"))
# Public statistics: a procedure or unit with fewer settled dossiers shows no rates, no rank.
MOTCUA_STATS_MIN_SAMPLE = int(env_str("MOTCUA_STATS_MIN_SAMPLE", "10"))
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "motcua@localhost")
MOTCUA_PUBLIC_URL = env_str("MOTCUA_PUBLIC_URL", "http://127.0.0.1:8000")
# Input policy (motcua/core/inputs.py): the first and last day any date typed, imported or sent
# may be. Older historical dossiers are refused: reports would rebuild every day since then.
MOTCUA_EARLIEST_DATE = date.fromisoformat(env_str("MOTCUA_EARLIEST_DATE", "2000-01-01"))
MOTCUA_LATEST_DATE = date.fromisoformat(env_str("MOTCUA_LATEST_DATE", "2099-12-31"))
# Uploads are scanned by ClamAV when set: tcp://host:3310 or unix:///run/clamav/clamd.ctl.
MOTCUA_CLAMD_URL = env_str("MOTCUA_CLAMD_URL", "")
# API bearer tokens live this long (seconds).
MOTCUA_API_TOKEN_TTL = int(env_str("MOTCUA_API_TOKEN_TTL", str(12 * 3600)))

# Citizen accounts. One-time codes live at most 10 minutes whatever is configured (security rule).
MOTCUA_OTP_TTL_SECONDS = min(600, int(env_str("MOTCUA_OTP_TTL_SECONDS", "600")))
# Codes sent to one e-mail address or phone per hour (SMS cost, mailbox flooding).
MOTCUA_OTP_ISSUES_PER_HOUR = int(env_str("MOTCUA_OTP_ISSUES_PER_HOUR", "5"))
# Text messages: "simulator" records them in the database (admin), "http" posts to a gateway.
MOTCUA_SMS_PROVIDER = env_str("MOTCUA_SMS_PROVIDER", "simulator")
MOTCUA_SMS_URL = env_str("MOTCUA_SMS_URL", "")
MOTCUA_SMS_API_KEY = env_str("MOTCUA_SMS_API_KEY", "")
# Zalo ZNS messages: "simulator" records them in the database (admin), "http" posts to Zalo.
MOTCUA_ZALO_PROVIDER = env_str("MOTCUA_ZALO_PROVIDER", "simulator")
MOTCUA_ZALO_URL = env_str("MOTCUA_ZALO_URL", "https://business.openapi.zalo.me/message/template")
MOTCUA_ZALO_TOKEN = env_str("MOTCUA_ZALO_TOKEN", "")
MOTCUA_ZALO_TEMPLATE_ID = env_str("MOTCUA_ZALO_TEMPLATE_ID", "")
# The simulator refuses every message with this Zalo error number (e.g. -124); 0 accepts them.
MOTCUA_ZALO_SIMULATE_ERROR = int(env_str("MOTCUA_ZALO_SIMULATE_ERROR", "0"))
# VNeID sign-in (OpenID Connect); the button shows only when issuer and client id are set.
MOTCUA_VNEID_ISSUER = env_str("MOTCUA_VNEID_ISSUER", "")
MOTCUA_VNEID_CLIENT_ID = env_str("MOTCUA_VNEID_CLIENT_ID", "")
MOTCUA_VNEID_CLIENT_SECRET = env_str("MOTCUA_VNEID_CLIENT_SECRET", "")
MOTCUA_VNEID_SCOPES = env_str("MOTCUA_VNEID_SCOPES", "openid profile phone")
# VNeID's claim names are not public: the claim carrying the CCCD number is configurable.
MOTCUA_VNEID_CITIZEN_ID_CLAIM = env_str("MOTCUA_VNEID_CITIZEN_ID_CLAIM", "citizen_id")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # PDF rendering narrates every step at INFO.
    "loggers": {name: {"level": "WARNING"} for name in ("weasyprint", "fontTools")},
}
