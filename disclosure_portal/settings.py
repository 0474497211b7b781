"""
Settings for the 重点领域信息公开 portal.

Everything is read from the environment. With nothing set, the portal runs in embedded mode:
SQLite, a local-memory cache and a file-system Celery broker, so a laptop needs no server.
`DATABASE_URL` switches to PostgreSQL and `REDIS_URL` to Redis (cache and Celery broker).
"""

import base64
import hashlib
import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PORTAL_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _style_hash(template: Path) -> str:
    """The CSP source allowing exactly the one <style> element of `template` (the 500 page's)."""
    text = template.read_text(encoding="utf-8")
    style = text[text.index("<style>") + len("<style>") : text.index("</style>")]
    return f"'sha256-{base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()}'"


# ---------------------------------------------------------------------------
# Core
# ---------------------------------------------------------------------------
DEFAULT_SECRET_KEY = "insecure-dev-key-change-me-portal-demo-2026"
DEBUG = env_bool("DEBUG", default=True)
SECRET_KEY = os.environ.get("SECRET_KEY", DEFAULT_SECRET_KEY)
if not DEBUG and SECRET_KEY == DEFAULT_SECRET_KEY:
    raise ImproperlyConfigured("DEBUG 关闭时必须通过环境变量 SECRET_KEY 设置密钥。")
# Django's own rule for a weak key (check security.W009), which `check --deploy` only warns about: with
# DEBUG off the portal does not start on one.
if not DEBUG and (len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure-")):
    raise ImproperlyConfigured(
        "DEBUG 关闭时 SECRET_KEY 太弱：至少需要 50 个字符、至少 5 种不同字符，且不能以 django-insecure- 开头。"
        "请用 python -c 'import secrets; print(secrets.token_urlsafe(50))' 生成。"
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

ROOT_URLCONF = "disclosure_portal.urls"
WSGI_APPLICATION = "disclosure_portal.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ---------------------------------------------------------------------------
# Applications
# ---------------------------------------------------------------------------
DJANGO_APPS = [
    "disclosure_portal.apps.PortalAdminConfig",  # django.contrib.admin with 我的待办 as its index
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
]
THIRD_PARTY_APPS = [
    "rest_framework",  # API tokens are accounts.ApiToken, not rest_framework.authtoken (docs/security.md)
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI served from our own static files, no CDN
    "axes",  # login throttling: lockout after repeated failures
    "django_otp",
    "django_otp.plugins.otp_totp",  # optional TOTP second factor
    "csp",  # Content-Security-Policy header
]
LOCAL_APPS = [
    # Accounts: login audit, lockout page, sessions, second factor.
    "accounts",
    # The shared platform under every app: audit log, cache, uploads, the personal-data guard (core/).
    "core",
    # The kernel the three domains share.
    "organizations",
    "workdays",
    "catalogue",
    "disclosures",
    "namelists",
    "notifications",
    "compliance",
    # One app per domain.
    "projects",
    "resources",
    "welfare",
    # 依申请公开: citizens' information requests on the statutory clock (《政府信息公开条例》第二十七条起).
    "inforequests",
    # 政府信息公开工作年度报告 (条例第四十九条、第五十条), from the portal's data.
    "annualreports",
    # 督办: the office presses departments about what the dashboard shows (条例第四十六条、第四十七条).
    "supervision",
    # Tooling: the benchmark's constant view and the snapshot_public command (no models).
    "benchmarks",
    # Backups of the database and attachments, restore and the restore drill (no models; docs/operations.md).
    "backups",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Anonymous public pages from the cache, with the headers they were rendered with (CSP included),
    # before static files, sessions, auth, CSRF, OTP and axes (core/caching.py).
    "core.caching.PublicPageCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Cache-Control: private, no-store on every response to a signed-in user (session or API token).
    "accounts.middleware.PrivateResponseMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.SessionExpiryMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into the 429 page
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "disclosures.context_processors.column_navigation",
                "organizations.context_processors.site",  # 网站标识: header and footer
                "notifications.context_processors.unread_notifications",
                "supervision.context_processors.supervision_badge",
                "accounts.context_processors.two_factor",
            ],
        },
    },
]

# ---------------------------------------------------------------------------
# Database: SQLite by default, DATABASE_URL for PostgreSQL (persistent connections)
# ---------------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=int(os.environ.get("CONN_MAX_AGE", "600")) or 600,
            conn_health_checks=True,
        )
    }
    # JIT compiles the dashboard's aggregates for 80–150 ms to save less than that: off for web requests
    # (docs/performance.md). PORTAL_PG_JIT=on turns it back on.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = f"-c jit={os.environ.get('PORTAL_PG_JIT', 'off')}"
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
        }
    }
# Read replicas (issue 24, part 6): DATABASE_REPLICA_URLS, comma-separated, parsed like DATABASE_URL, become the
# aliases replica_1, replica_2… Anonymous reads of the public site and API go to one of them; staff, the admin,
# writes, reads right after a write, Celery tasks and commands stay on the primary (disclosure_portal/replicas.py,
# docs/capacity.md). Unset: nothing of this is installed.
DATABASE_REPLICA_URLS = env_list("DATABASE_REPLICA_URLS")
for _number, _url in enumerate(DATABASE_REPLICA_URLS, start=1):
    _replica = dj_database_url.parse(
        _url, conn_max_age=int(os.environ.get("CONN_MAX_AGE", "600")) or 600, conn_health_checks=True
    )
    if _replica["ENGINE"].endswith("postgresql"):
        _replica.setdefault("OPTIONS", {})["options"] = f"-c jit={os.environ.get('PORTAL_PG_JIT', 'off')}"
    _replica["TEST"] = {"MIRROR": "default"}  # tests read the test database through it
    DATABASES[f"replica_{_number}"] = _replica
if DATABASE_REPLICA_URLS:
    DATABASE_ROUTERS = ["disclosure_portal.replicas.ReplicaRouter"]
    # Where the request's reads go, decided before the page cache reads the generation.
    MIDDLEWARE.insert(MIDDLEWARE.index("core.caching.PublicPageCacheMiddleware"), "disclosure_portal.replicas.ReplicaMiddleware")
    # Seconds a client reads from the primary after a POST/PUT/PATCH/DELETE (the cookie portal_primary).
    PORTAL_REPLICA_PIN_SECONDS = int(os.environ.get("PORTAL_REPLICA_PIN_SECONDS", "10"))
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
# SQLite has no covering indexes: the two dashboard indexes of disclosures.Disclosure are created there without
# their INCLUDE columns (Django leaves them out), which only costs the embedded mode its index-only scans. The
# warning saying so (models.W040) would be the first thing `make run` prints; the PostgreSQL schema is unchanged.
SILENCED_SYSTEM_CHECKS = [] if IS_POSTGRES else ["models.W040"]

# ---------------------------------------------------------------------------
# Cache and Celery: Redis when REDIS_URL is set, otherwise embedded
# ---------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL and os.environ.get("PYTEST_XDIST_WORKER"):
    # Parallel test workers each get a Redis database of their own (gw0 → base + 1, …): a test's
    # cache.clear() flushes its database and must not empty the cache of a test in the other worker.
    from urllib.parse import urlsplit, urlunsplit

    _parts = urlsplit(REDIS_URL)
    _base = int(_parts.path.strip("/") or 0)
    _worker = int(os.environ["PYTEST_XDIST_WORKER"].removeprefix("gw"))
    REDIS_URL = urlunsplit(_parts._replace(path=f"/{_base + 1 + _worker}"))
# A cache call waits this long for Redis at most; after a failure Redis is left alone this long. While it
# fails the cache answers as misses and the site stays up, uncached and unthrottled (disclosure_portal/cache.py).
PORTAL_CACHE_TIMEOUT_SECONDS = float(os.environ.get("PORTAL_CACHE_TIMEOUT_SECONDS", "0.5"))
PORTAL_CACHE_DOWN_SECONDS = float(os.environ.get("PORTAL_CACHE_DOWN_SECONDS", "5"))
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "disclosure_portal.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "socket_connect_timeout": PORTAL_CACHE_TIMEOUT_SECONDS,
                "socket_timeout": PORTAL_CACHE_TIMEOUT_SECONDS,
                "DOWN_SECONDS": PORTAL_CACHE_DOWN_SECONDS,
            },
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS: dict = {}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "portal"}}
    CELERY_BROKER_DIR = Path(os.environ.get("CELERY_BROKER_DIR", VAR_DIR / "celery-broker"))
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        "control_folder": str(CELERY_BROKER_DIR / "control"),
        "store_processed": False,
    }
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# The beat schedule is declared once, here, with readable names (times are Asia/Shanghai).
CELERY_BEAT_SCHEDULE = {
    # Every quarter of an hour: 紧急、实时 information runs on an hour clock and must show as overdue within
    # the hour (disclosures/deadlines.py); a run with nothing to flag costs two index probes.
    "flag-overdue-every-15-minutes": {
        "task": "compliance.tasks.flag_overdue",
        "schedule": crontab(minute="*/15"),
    },
    "warn-due-soon-daily-08:00": {
        "task": "compliance.tasks.warn_due_soon",
        "schedule": crontab(hour=8, minute=0),
    },
    "end-notice-periods-daily-00:30": {
        "task": "namelists.tasks.end_notice_periods",
        "schedule": crontab(hour=0, minute=30),
    },
    "expire-blacklist-daily-00:40": {
        "task": "resources.tasks.expire_blacklist",
        "schedule": crontab(hour=0, minute=40),
    },
    # 依申请公开: abandonment after a 补正 or fee deadline, silent consultations (inforequests/tasks.py).
    "inforequest-daily-rules-00:50": {
        "task": "inforequests.tasks.daily_rules",
        "schedule": crontab(hour=0, minute=50),
    },
    # 督办: items resolve themselves once their record is published or their request answered (supervision/tasks.py).
    "supervision-resolve-items-hourly-at-20": {
        "task": "supervision.tasks.resolve_items",
        "schedule": crontab(minute=20),
    },
    # 督办 考核: last month's scores frozen on the 1st (supervision/tasks.py).
    "supervision-assessments-monthly-1st-01:10": {
        "task": "supervision.tasks.monthly_assessments",
        "schedule": crontab(day_of_month=1, hour=1, minute=10),
    },
    # 检索词统计: the counts behind the most searched terms are kept 90 days (disclosures/search_help.py).
    # Each minute the searches counted in Redis are written in one INSERT (a search writes nothing itself).
    "flush-search-terms-every-minute": {
        "task": "disclosures.tasks.flush_search_terms",
        "schedule": crontab(),
    },
    "prune-search-terms-daily-02:10": {
        "task": "disclosures.tasks.prune_search_terms",
        "schedule": crontab(hour=2, minute=10),
    },
    # Backup of the database and attachments, after the night's 02:10 job and before the bulk downloads
    # (backups/services.py; a failure is shown on the dashboard and sent to the office).
    "backup-daily-02:30": {
        "task": "backups.tasks.backup",
        "schedule": crontab(hour=2, minute=30),
    },
    "check-links-weekly-sunday-03:00": {
        "task": "compliance.tasks.check_links",
        "schedule": crontab(day_of_week="sunday", hour=3, minute=0),
    },
    "heartbeat-every-10-minutes": {
        "task": "compliance.tasks.heartbeat",
        "schedule": crontab(minute="*/10"),
    },
    # Beat skips a run that falls due while the broker (Redis) is down: this runs it late instead
    # (compliance.services.jobs_catch_up, docs/operations.md).
    "catch-up-missed-runs-every-10-minutes": {
        "task": "compliance.tasks.catch_up",
        "schedule": crontab(minute="5-59/10"),
    },
    "clean-exports-hourly": {
        "task": "disclosures.tasks.clean_exports",
        "schedule": crontab(minute=25),
    },
    # Bulk downloads for harvesters, after the night's jobs that change what is public (disclosure_portal/bulk.py).
    "write-bulk-downloads-daily-03:30": {
        "task": "disclosure_portal.tasks.write_bulk_downloads",
        "schedule": crontab(hour=3, minute=30),
    },
}

# ---------------------------------------------------------------------------
# Accounts: passwords, lockout, sessions, second factor (docs/security.md)
# ---------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "accounts.backends.LockoutBackend",  # django-axes: refuses a locked-out username+address first
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "accounts.validators.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
# Where a sign-in lands when its ?next= is missing or refused (another host, a javascript: URL…): the staff
# home, not Django's default /accounts/profile/, which is a 404 here.
LOGIN_REDIRECT_URL = "admin:index"

# Sessions end 8 hours after signing in whatever happens, after 30 minutes without a request, and when
# the browser closes (accounts.middleware.SessionExpiryMiddleware keeps the two clocks in the session).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
PORTAL_SESSION_IDLE_SECONDS = int(os.environ.get("PORTAL_SESSION_IDLE_MINUTES", "30")) * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Login throttling (django-axes): 5 failures of one username from one address lock that pair for
# 15 minutes (the admin login and the API token endpoint alike); a success clears the count.
AXES_ENABLED = env_bool("PORTAL_LOGIN_THROTTLING", default=True)
AXES_FAILURE_LIMIT = int(os.environ.get("PORTAL_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("PORTAL_LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # 15 minutes from the lock, not from the last try
AXES_LOCKOUT_CALLABLE = "accounts.views.lockout"
AXES_CLIENT_IP_CALLABLE = "core.http.client_ip"
AXES_DISABLE_ACCESS_LOG = True  # accounts.LoginEvent is the login audit
AXES_ENABLE_ADMIN = False  # accounts.admin shows the lockouts in Chinese, scoped to the office
AXES_VERBOSE = False
# Reverse proxies in front of the portal that append to X-Forwarded-For (0: use REMOTE_ADDR).
PORTAL_PROXY_COUNT = int(os.environ.get("PORTAL_PROXY_COUNT", "0"))

# Second factor (django-otp TOTP): who may turn it on, and whose role requires it.
PORTAL_OTP_ROLES = env_list("PORTAL_OTP_ROLES", "office,signer")
PORTAL_OTP_REQUIRED_ROLES = env_list("PORTAL_OTP_REQUIRED_ROLES", "")
OTP_TOTP_ISSUER = os.environ.get("PORTAL_SITE_NAME", "重点领域信息公开")
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# API tokens (accounts.ApiToken): valid this long after issue; a token issued after a second-factor code
# lives PORTAL_API_OTP_TOKEN_MINUTES, and only such a token takes workflow steps for a user with an
# authenticator or whose role requires one. A password change or deactivation deletes a user's tokens.
PORTAL_API_TOKEN_HOURS = int(os.environ.get("PORTAL_API_TOKEN_HOURS", "720"))
PORTAL_API_OTP_TOKEN_MINUTES = int(os.environ.get("PORTAL_API_OTP_TOKEN_MINUTES", "60"))

# ---------------------------------------------------------------------------
# Internationalisation
# ---------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
# The portal's wording of some of Django's own messages (locale/zh_Hans/LC_MESSAGES/django.po).
LOCALE_PATHS = [BASE_DIR / "locale"]

# ---------------------------------------------------------------------------
# Static and uploaded files (uploads are never served directly: see disclosures.views)
# ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# `make run` turns DEBUG off but serves the static files from the apps' folders, as DEBUG does: no collectstatic
# at each start, an edited stylesheet shows at the next reload (scripts/run-env.sh). Never in production: no hashed
# names, so no far-future caching.
PORTAL_STATIC_FROM_SOURCE = env_bool("PORTAL_STATIC_FROM_SOURCE")
if PORTAL_STATIC_FROM_SOURCE:
    WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = True  # WhiteNoise's defaults under DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not (DEBUG or PORTAL_STATIC_FROM_SOURCE)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media-not-served/"
PORTAL_ATTACHMENT_MAX_BYTES = int(os.environ.get("PORTAL_ATTACHMENT_MAX_MB", "20")) * 1024 * 1024
PORTAL_ATTACHMENT_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "ofd", "jpg", "jpeg", "png"]
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024


def s3_storage(env) -> dict:
    """The default storage in S3-compatible object storage (issue 26, part 3): django-storages' S3Storage over
    boto3, for attachments, 依申请公开 documents, 督办 screenshots and import stashes, so that every web server
    behind a load balancer reads the same files. `env` is a mapping like os.environ (tests pass their own).
    Objects stay private (no ACL, never a public URL): every download goes through the portal's views, which
    stream the object (docs/operations.md, 共享文件存储). A name never overwrites an existing object."""
    endpoint = (env.get("AWS_S3_ENDPOINT_URL") or "").strip() or None
    bucket = (env.get("AWS_STORAGE_BUCKET_NAME") or "").strip()
    if not bucket:
        raise ImproperlyConfigured("PORTAL_STORAGE=s3 时必须设置 AWS_STORAGE_BUCKET_NAME（存放附件的存储桶）。")
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint,  # None: AWS itself
            "region_name": env.get("AWS_S3_REGION_NAME") or "us-east-1",
            # None: boto3's own chain (environment, ~/.aws, an instance role)
            "access_key": env.get("AWS_ACCESS_KEY_ID") or None,
            "secret_key": env.get("AWS_SECRET_ACCESS_KEY") or None,
            # MinIO and most S3-compatible servers answer at <endpoint>/<bucket>/<key>
            "addressing_style": env.get("AWS_S3_ADDRESSING_STYLE") or ("path" if endpoint else None),
            "signature_version": "s3v4",
            "location": (env.get("AWS_LOCATION") or "").strip("/"),  # a prefix when the bucket is shared
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
            # A download is read into a temporary file: in memory up to 2 MiB, then on disk (0 = all in memory).
            "max_memory_size": 2 * 1024 * 1024,
        },
    }


# Where uploaded files live: "local" (MEDIA_ROOT, the embedded default and a single server) or "s3".
PORTAL_STORAGE = (os.environ.get("PORTAL_STORAGE") or "local").strip().lower()
if PORTAL_STORAGE == "s3":
    STORAGES["default"] = s3_storage(os.environ)
elif PORTAL_STORAGE != "local":
    raise ImproperlyConfigured(f"PORTAL_STORAGE 只能是 local 或 s3，不能是 {PORTAL_STORAGE!r}。")

# ---------------------------------------------------------------------------
# Portal
# ---------------------------------------------------------------------------
PORTAL_SITE_NAME = os.environ.get("PORTAL_SITE_NAME", "重点领域信息公开")
PORTAL_DEFAULT_DEADLINE_DAYS = int(os.environ.get("PORTAL_DEFAULT_DEADLINE_DAYS", "20"))
PORTAL_PAGE_SIZE = 20
# The earliest year the public lists' 年份 choice offers (the year 条例 first took effect, 2008-05-01); a portal
# that imports older records lowers it. The choice runs from this year to the current one (issue 23, part 7).
PORTAL_FIRST_YEAR = int(os.environ.get("PORTAL_FIRST_YEAR", "2008"))
# Where the office's 归档 action writes archive packages for the 档案馆 (issue 26, part 5; docs/operations.md
# 归档与销毁). Not served by the web server: a package holds the full record, personal data included.
PORTAL_ARCHIVE_DIR = os.environ.get("PORTAL_ARCHIVE_DIR", "") or str(VAR_DIR / "archive")
# Anonymous public pages are cached this long at most (and dropped at once when the public content changes).
PORTAL_PAGE_CACHE_SECONDS = int(os.environ.get("PORTAL_PAGE_CACHE_SECONDS", "600"))
# Fragments of public pages (header, menus, option lists, rows: core/fragments.py) kept in each web
# process's memory under the generation of public content; 0 turns them off.
PORTAL_FRAGMENT_CACHE_SECONDS = int(os.environ.get("PORTAL_FRAGMENT_CACHE_SECONDS", "600"))
PORTAL_FRAGMENT_CACHE_ENTRIES = int(os.environ.get("PORTAL_FRAGMENT_CACHE_ENTRIES", "20000"))
# Whole pages of a list's rows or a search's results (10–17 KB each, against about 1 KB for a part) are kept
# apart, at most this many per process (about 17 MB).
PORTAL_FRAGMENT_CACHE_PAGES = int(os.environ.get("PORTAL_FRAGMENT_CACHE_PAGES", "1000"))
PORTAL_STALE_COLUMN_DAYS = int(os.environ.get("PORTAL_STALE_COLUMN_DAYS", "90"))
PORTAL_LINK_CHECK_LIMIT = int(os.environ.get("PORTAL_LINK_CHECK_LIMIT", "500"))
PORTAL_DUE_SOON_WORKING_DAYS = int(os.environ.get("PORTAL_DUE_SOON_WORKING_DAYS", "3"))
# Absolute links in e-mails, e.g. https://portal.example.gov.cn
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000")
# Open data (issue 8). OC4IDS project ids are "<prefix>-<投资项目代码>"; OCDS ocids "<prefix>-<matter id>".
# Register real prefixes with the Open Contracting Partnership before publishing to the world.
PORTAL_OC4IDS_PROJECT_PREFIX = os.environ.get("PORTAL_OC4IDS_PROJECT_PREFIX", "oc4ids-cnzdly")
PORTAL_OCDS_OCID_PREFIX = os.environ.get("PORTAL_OCDS_OCID_PREFIX", "ocds-cnzdly")
PORTAL_PUBLISHER_NAME = os.environ.get("PORTAL_PUBLISHER_NAME", "重点领域信息公开平台")
# Ids of feed entries, feeds and datasets are tag URIs (RFC 4151, core/identifiers.py), the same whichever host
# serves them: a domain name the publisher held on PORTAL_TAG_DATE. Set both once and never change them (feed
# readers would show every entry again as new). Default: the host of PORTAL_BASE_URL, 2026.
PORTAL_TAG_AUTHORITY = os.environ.get("PORTAL_TAG_AUTHORITY") or urlsplit(PORTAL_BASE_URL).hostname or "localhost"
PORTAL_TAG_DATE = os.environ.get("PORTAL_TAG_DATE", "2026")
# The licence of the open data (/data.json, the 开放数据 page): a URL and its name; an empty URL states none.
# No document of the project declares one; CC BY 4.0 until the publisher decides (docs/feeds-and-catalogue.md).
PORTAL_DATA_LICENSE_URL = os.environ.get("PORTAL_DATA_LICENSE_URL", "https://creativecommons.org/licenses/by/4.0/")
PORTAL_DATA_LICENSE_NAME = os.environ.get("PORTAL_DATA_LICENSE_NAME", "知识共享署名 4.0 国际许可协议（CC BY 4.0）")
# Who answers questions about the open data (data.json's contactPoint.hasEmail); empty: not stated.
PORTAL_DATA_CONTACT_EMAIL = os.environ.get("PORTAL_DATA_CONTACT_EMAIL", "")
# Exports of public lists hold this many rows at most (a whole county's archive fits well below it).
PORTAL_EXPORT_MAX_ROWS = int(os.environ.get("PORTAL_EXPORT_MAX_ROWS", "200000"))
# Up to this many rows an export is streamed at once; a larger one is built by the Celery worker into a
# file, served to everyone asking for the same filters until the public content changes (issue 25).
PORTAL_EXPORT_STREAM_MAX_ROWS = int(os.environ.get("PORTAL_EXPORT_STREAM_MAX_ROWS", "5000"))
# Where built exports are kept (never served directly); default MEDIA_ROOT/exports, shared by web and worker.
PORTAL_EXPORT_DIR = os.environ.get("PORTAL_EXPORT_DIR", "")
# A built export is served for this long at most (and not at all once the public content changes).
PORTAL_EXPORT_FILE_MAX_AGE = int(os.environ.get("PORTAL_EXPORT_FILE_MAX_AGE_HOURS", "6")) * 3600
# A build is stopped after this long; a marker of a build older than this is taken over.
PORTAL_EXPORT_BUILD_TIMEOUT = int(os.environ.get("PORTAL_EXPORT_BUILD_TIMEOUT_SECONDS", "900"))
# Bulk downloads (issue 24, part 3): every public dataset as gzip CSV / JSON Lines, written nightly by the worker
# and served at /open-data/bulk/<name> (disclosure_portal/bulk.py); default MEDIA_ROOT/bulk, shared by web and worker.
PORTAL_BULK_DIR = os.environ.get("PORTAL_BULK_DIR", "")
# Backups (issue 26, backups/services.py): the nightly dump and attachment archive land here; the newest of each
# of the last KEEP_DAILY days and KEEP_WEEKLY ISO weeks are kept. In production, a volume of its own (compose).
PORTAL_BACKUP_DIR = Path(os.environ.get("PORTAL_BACKUP_DIR", VAR_DIR / "backups"))
PORTAL_BACKUP_KEEP_DAILY = int(os.environ.get("PORTAL_BACKUP_KEEP_DAILY", "7"))
PORTAL_BACKUP_KEEP_WEEKLY = int(os.environ.get("PORTAL_BACKUP_KEEP_WEEKLY", "4"))
# Per client address ("" = no limit): exports that cost work (a direct stream or a build; downloading a
# built file is free) and searches. Over the limit: 429 with the reason in Chinese.
PORTAL_EXPORT_RATE = os.environ.get("PORTAL_EXPORT_RATE", "20/hour")
PORTAL_SEARCH_RATE = os.environ.get("PORTAL_SEARCH_RATE", "30/minute")
# 督办 通报 (supervision/figures.py): who is praised and who criticised. 批评: a notice left unanswered, an on-time
# rate under CRITICISE_RATE (with at least MIN_RECORDS published), or CRITICISE_OVERDUE records overdue at the
# period's end; 表扬: at least MIN_RECORDS published, a rate of PRAISE_RATE or more, nothing late. Local rules.
PORTAL_CIRCULAR_PRAISE_RATE = float(os.environ.get("PORTAL_CIRCULAR_PRAISE_RATE", "100"))
PORTAL_CIRCULAR_CRITICISE_RATE = float(os.environ.get("PORTAL_CIRCULAR_CRITICISE_RATE", "80"))
PORTAL_CIRCULAR_CRITICISE_OVERDUE = int(os.environ.get("PORTAL_CIRCULAR_CRITICISE_OVERDUE", "3"))
PORTAL_CIRCULAR_MIN_RECORDS = int(os.environ.get("PORTAL_CIRCULAR_MIN_RECORDS", "5"))

# 督办 考核 (supervision/assessment.py): points out of 100 per indicator, and the points a department loses for
# each record overdue at the period's end or request answered late. Local rules: each county sets its own.
PORTAL_ASSESSMENT_WEIGHTS = {
    "on_time_rate": 40, "overdue_at_end": 20, "notices_on_time": 20, "unanswered": 10, "overdue_requests": 10,
}
PORTAL_ASSESSMENT_PENALTY = float(os.environ.get("PORTAL_ASSESSMENT_PENALTY", "5"))

# 依申请公开 (inforequests/views.py): online applications, and status look-ups by 申请编号 + 查询码 (a
# 10-character code: the limit makes guessing one hopeless).
PORTAL_YSQ_APPLY_RATE = os.environ.get("PORTAL_YSQ_APPLY_RATE", "10/hour")
PORTAL_YSQ_LOOKUP_RATE = os.environ.get("PORTAL_YSQ_LOOKUP_RATE", "10/minute")
# A search's queries are cancelled after this long on PostgreSQL (the page says 检索超时); 0: no limit.
PORTAL_SEARCH_TIMEOUT_MS = int(os.environ.get("PORTAL_SEARCH_TIMEOUT_MS", "3000"))

# ---------------------------------------------------------------------------
# API
# ---------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.api.authentication.ApiTokenAuthentication",  # Authorization: Token <key>
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    # JSON nested deeper than a few levels is a 400, not a RecursionError (disclosures/api/parsers.py).
    "DEFAULT_PARSER_CLASSES": [
        "disclosures.api.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "disclosures.api.pagination.PortalPagination",
    "DEFAULT_THROTTLE_CLASSES": [
        "disclosures.api.throttling.AnonymousThrottle",
        "disclosures.api.throttling.TokenUserThrottle",
    ],
    "DEFAULT_SCHEMA_CLASS": "disclosures.api.schema.PortalAutoSchema",  # documents the error responses too
    "EXCEPTION_HANDLER": "disclosures.api.exceptions.exception_handler",
}
# API limits: page size (a larger ?page_size= is capped, not refused) and request rates ("" = no limit).
PORTAL_API_PAGE_SIZE = int(os.environ.get("PORTAL_API_PAGE_SIZE", "20"))
PORTAL_API_MAX_PAGE_SIZE = int(os.environ.get("PORTAL_API_MAX_PAGE_SIZE", "100"))
# A page-number list counts at most this many results (or one page past the page asked for): above it
# `count` is a lower bound and `count_is_exact` false. `?cursor=` pages count nothing (disclosures/api/pagination.py).
PORTAL_API_COUNT_CAP = int(os.environ.get("PORTAL_API_COUNT_CAP", "10000"))
PORTAL_API_ANON_RATE = os.environ.get("PORTAL_API_ANON_RATE", "120/minute")
PORTAL_API_USER_RATE = os.environ.get("PORTAL_API_USER_RATE", "1200/minute")
SPECTACULAR_SETTINGS = {
    "TITLE": "重点领域信息公开 API",
    "DESCRIPTION": "重大建设项目批准和实施、公共资源配置、社会公益事业建设领域政府信息公开接口。",
    "VERSION": "1.0.0",
    # OpenAPI 3.1: its schemas are JSON Schema 2020-12, so a nullable object is `oneOf: [{$ref}, {type:
    # null}]`, which strict validators accept (3.0's `allOf + nullable` is rejected by them on a null).
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Each domain's area codes get their own, readable enum in the schema.
    "ENUM_NAME_OVERRIDES": {
        "ResourceAreaEnum": "resources.choices.ResourceArea",
        "WelfareAreaEnum": "welfare.choices.WelfareArea",
        "ProjectCategoryEnum": "projects.choices.ProjectCategory",
        "InfoRequestStatusEnum": "inforequests.choices.Status",
        "StatusEnum": "disclosures.choices.Status",  # the records' states keep the name they always had
    },
}

# ---------------------------------------------------------------------------
# E-mail (files under var/mail/ by default; SMTP by settings)
# ---------------------------------------------------------------------------
# Embedded mode writes each e-mail to a file under EMAIL_FILE_PATH (the web process and the Celery worker alike):
# on the console they buried `make run`'s start in raw MIME. The same notices are in each user's 站内消息 (/inbox/).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = Path(os.environ.get("EMAIL_FILE_PATH", VAR_DIR / "mail"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@portal.local")

# ---------------------------------------------------------------------------
# Security (production: DEBUG off)
# ---------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # Cookies only over HTTPS; `make run` serves plain HTTP on 127.0.0.1 and turns both off (scripts/run-env.sh).
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=True)

# Keys encrypting personal data at rest (core/crypto.py: an information request's identity number and
# documents), comma-separated Fernet keys, the newest first (`python -c "from cryptography.fernet import
# Fernet; print(Fernet.generate_key().decode())"`). Unset: one key derived from SECRET_KEY (development).
PORTAL_FIELD_KEYS = [key.strip() for key in os.environ.get("PORTAL_FIELD_KEYS", "").split(",") if key.strip()]

# Content-Security-Policy (django-csp): only the portal's own scripts, styles, images and fonts; no
# inline script or <style> anywhere — except the 500 page's own <style>, allowed by its hash, since
# that page must show without loading anything. The admin too: its state columns use the tone-* classes
# of static/css/admin.css, not style attributes. PORTAL_CSP_REPORT_ONLY=true only reports violations.
CSP_DIRECTIVES = {
    "default-src": [SELF],
    "script-src": [SELF],
    "style-src": [SELF, _style_hash(BASE_DIR / "templates" / "500.html")],
    "img-src": [SELF, "data:"],
    "font-src": [SELF],
    "connect-src": [SELF],
    "object-src": [NONE],
    "base-uri": [SELF],
    "frame-ancestors": [NONE],
    "form-action": [SELF],
}
if os.environ.get("PORTAL_CSP_REPORT_URI"):
    CSP_DIRECTIVES["report-uri"] = [os.environ["PORTAL_CSP_REPORT_URI"]]
if env_bool("PORTAL_CSP_REPORT_ONLY"):
    CONTENT_SECURITY_POLICY = None
    CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": CSP_DIRECTIVES}
else:
    CONTENT_SECURITY_POLICY = {"DIRECTIVES": CSP_DIRECTIVES}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # django-axes logs every login at INFO; failures and lockouts (WARNING) are kept, and the login
    # audit is accounts.LoginEvent.
    "loggers": {"axes": {"level": os.environ.get("AXES_LOG_LEVEL", "WARNING")}},
}
