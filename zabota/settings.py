"""Settings of Zabota: one module, every deployment difference read from the environment."""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from zabota.env import (
    database_from_url,
    email_from_url,
    env_admins,
    env_bool,
    env_email,
    env_int,
    env_list,
    env_log_level,
    env_networks,
    env_str,
    sqlite_database,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("ZABOTA_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("ZABOTA_DEBUG", False)

# Without a key in production the start fails, so a default key never protects real data.
SECRET_KEY = env_str("ZABOTA_SECRET_KEY") or (
    "insecure-development-key-only-for-ZABOTA_DEBUG=1" if DEBUG else ""
)
if not SECRET_KEY:
    raise ImproperlyConfigured("ZABOTA_SECRET_KEY must be set when ZABOTA_DEBUG is not 1")

ALLOWED_HOSTS = env_list(
    "ZABOTA_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("ZABOTA_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    # Zabota, in the order of the mission: organisation and people first, then what they do.
    "zabota.core",
    "zabota.organisation",
    "zabota.accounts",
    "zabota.audit",
    "zabota.recipients",
    "zabota.absences",
    "zabota.catalog",
    "zabota.programs",
    "zabota.payments",
    "zabota.delivery",
    "zabota.documents",
    "zabota.acts",
    "zabota.billing",
    "zabota.ltc",
    "zabota.reports",
    "zabota.quality",
    "zabota.exchange",
    "zabota.field",
    "zabota.rota",
    "zabota.api",
    "zabota.dashboard",
    "zabota.supervision",
    "zabota.family",
    "zabota.intake",
    "zabota.operations",
    "zabota.benchmarks",
    "zabota.jobs",
]

MIDDLEWARE = [
    # First: every log line and every error report of the request carries its id.
    "zabota.operations.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "zabota.audit.middleware.RequestContextMiddleware",
    "zabota.accounts.middleware.IdleTimeoutMiddleware",
    "zabota.core.middleware.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "zabota.urls"
WSGI_APPLICATION = "zabota.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zabota.core.context_processors.navigation",
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL")
if not DATABASE_URL:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": database_from_url(DATABASE_URL)
    if DATABASE_URL
    else sqlite_database(str(VAR_DIR / "zabota.sqlite3"))
}
# The browser tests' live server answers from its own threads. With the test database in memory
# they would all share the test's one SQLite connection and its transaction state (a request's
# rollback once took the next test's users with it); `make test` runs them on a file instead.
if (test_file := env_str("ZABOTA_TEST_SQLITE_FILE")) and not DATABASE_URL:
    DATABASES["default"]["TEST"] = {"NAME": test_file}
# A streaming replica of the primary (docs/deploy.md, «Реплика для отчётов»): reports, analytics
# and XLSX downloads read from it, a user's own edits are read back from the primary
# (zabota/core/replica.py says how).
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL")
ZABOTA_REPLICA_NAMESPACES = env_list("ZABOTA_REPLICA_NAMESPACES", ["reports"])
DATABASE_ROUTERS: list[str] = []
if DATABASE_REPLICA_URL:
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_REPLICA_URL needs DATABASE_URL on PostgreSQL")
    DATABASES["replica"] = database_from_url(DATABASE_REPLICA_URL)
    if DATABASES["replica"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_REPLICA_URL: a PostgreSQL streaming replica")
    # Tests create their database on the primary only; `make test-replica` then points this
    # alias at the real replica, where the test database arrives by replication.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["zabota.core.replica.ReplicaRouter"]
    MIDDLEWARE.append("zabota.core.replica.ReplicaReadsMiddleware")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Приказ ФСТЭК № 21, УПД.6 and УПД.10: a limit on failed logins and a lock of idle sessions.
# Failures of one login from one address lock that pair; of one login from any address, the
# login; failures from one address of any login slow that address down (docs/security.md).
ZABOTA_LOCKOUT_ATTEMPTS = env_int("ZABOTA_LOCKOUT_ATTEMPTS", 5)
ZABOTA_LOCKOUT_ACCOUNT_ATTEMPTS = env_int("ZABOTA_LOCKOUT_ACCOUNT_ATTEMPTS", 20)
ZABOTA_LOCKOUT_MINUTES = env_int("ZABOTA_LOCKOUT_MINUTES", 15)
ZABOTA_ADDRESS_SLOWDOWN_ATTEMPTS = env_int("ZABOTA_ADDRESS_SLOWDOWN_ATTEMPTS", 20)
ZABOTA_ADDRESS_SLOWDOWN_MAX_SECONDS = env_int("ZABOTA_ADDRESS_SLOWDOWN_MAX_SECONDS", 60)
# The proxies whose X-Forwarded-For / X-Real-IP name the client (zabota/core/addresses.py);
# empty: the direct peer is the client and those headers are ignored.
ZABOTA_TRUSTED_PROXIES = env_networks("ZABOTA_TRUSTED_PROXIES")
# A tablet's key unused this long is refused (the tablet asks for the password again).
ZABOTA_TOKEN_IDLE_DAYS = env_int("ZABOTA_TOKEN_IDLE_DAYS", 30)
ZABOTA_IDLE_MINUTES = env_int("ZABOTA_IDLE_MINUTES", 30)
# РСБ.1: how long security events are kept before `purge_security_events` removes them.
ZABOTA_SECURITY_LOG_RETENTION_DAYS = env_int("ZABOTA_SECURITY_LOG_RETENTION_DAYS", 3 * 365)

# Visits marked farther than this from the recipient's home go to the head's review list.
ZABOTA_VISIT_RADIUS_M = env_int("ZABOTA_VISIT_RADIUS_M", 500)
# "auto": LibreOffice when installed, else the built-in DOCX→HTML→PDF path; "html": the latter.
ZABOTA_PDF_ENGINE = env_str("ZABOTA_PDF_ENGINE", "auto")
# LibreOffice kept running: host:port of each unoserver, one per core (docs/documents.md).
ZABOTA_UNOSERVERS = env_list("ZABOTA_UNOSERVERS", [])

SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский")]
TIME_ZONE = env_str("ZABOTA_TIME_ZONE", "Europe/Moscow")
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["zabota.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = Path(env_str("ZABOTA_MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
# The server refuses bigger requests before they reach a view; imports are read in chunks.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
ZABOTA_MAX_UPLOAD_BYTES = env_int("ZABOTA_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
# A list export with more rows is written by the worker and waits in «Мои задания»
# (zabota.jobs.exports, docs/jobs.md); the writer does 20–70 thousand rows a second.
ZABOTA_EXPORT_INLINE_ROWS = env_int("ZABOTA_EXPORT_INLINE_ROWS", 50_000)
# A report over more recipient-months (people × months of the period) is built by the worker
# (zabota.jobs.reports): the quality indicators and a supervisor's year. About 3 s per 20 000 on
# the benchmark's machine (docs/performance.md).
ZABOTA_REPORT_INLINE_RECIPIENT_MONTHS = env_int("ZABOTA_REPORT_INLINE_RECIPIENT_MONTHS", 20_000)
# Receipts of a month printed at once on the billing page (about 0.1 s each, plus the PDF); a
# larger month runs as a job (docs/billing.md, docs/jobs.md).
ZABOTA_RECEIPTS_INLINE_MAX = env_int("ZABOTA_RECEIPTS_INLINE_MAX", 100)
# A protocol of errors of one ЕГИССО package (at most 11 000 records): a bigger file is no such.
ZABOTA_EGISSO_PROTOCOL_MAX_BYTES = env_int("ZABOTA_EGISSO_PROTOCOL_MAX_BYTES", 2 * 1024 * 1024)

# Service rows of one ИППСУ or typical set a form takes (the guaranteed list has ~40 services):
# more rows posted are refused with a message, none built past it (docs/security.md).
ZABOTA_PROGRAM_MAX_LINES = env_int("ZABOTA_PROGRAM_MAX_LINES", 60)

# Limits of the work an uploaded file may cause (docs/security.md, issue 15).
# Imports (XLSX/CSV): checked while the file is read, before anything big is held in memory.
ZABOTA_IMPORT_MAX_ROWS = env_int("ZABOTA_IMPORT_MAX_ROWS", 20_000)
ZABOTA_IMPORT_MAX_COLUMNS = env_int("ZABOTA_IMPORT_MAX_COLUMNS", 100)
ZABOTA_IMPORT_MAX_CELL_CHARS = env_int("ZABOTA_IMPORT_MAX_CELL_CHARS", 2_000)
ZABOTA_IMPORT_MAX_TEXT_CHARS = env_int("ZABOTA_IMPORT_MAX_TEXT_CHARS", 10_000_000)
ZABOTA_IMPORT_MAX_BLANK_ROWS = env_int("ZABOTA_IMPORT_MAX_BLANK_ROWS", 1_000)
ZABOTA_IMPORT_MAX_UNPACKED_BYTES = env_int("ZABOTA_IMPORT_MAX_UNPACKED_BYTES", 100 * 1024 * 1024)
ZABOTA_IMPORT_MAX_RATIO = env_int("ZABOTA_IMPORT_MAX_RATIO", 100)
# Document templates: one document's rendering.
ZABOTA_TEMPLATE_MAX_LOOP = env_int("ZABOTA_TEMPLATE_MAX_LOOP", 10_000)
ZABOTA_TEMPLATE_MAX_STEPS = env_int("ZABOTA_TEMPLATE_MAX_STEPS", 1_000_000)
ZABOTA_TEMPLATE_MAX_OUTPUT = env_int("ZABOTA_TEMPLATE_MAX_OUTPUT", 5_000_000)
ZABOTA_TEMPLATE_MAX_SECONDS = env_int("ZABOTA_TEMPLATE_MAX_SECONDS", 5)
ZABOTA_TEMPLATE_MAX_TAGS = env_int("ZABOTA_TEMPLATE_MAX_TAGS", 2_000)
# Methodologies of long-term care (JSON/YAML).
ZABOTA_METHODOLOGY_MAX_BYTES = env_int("ZABOTA_METHODOLOGY_MAX_BYTES", 1024 * 1024)
ZABOTA_METHODOLOGY_MAX_QUESTIONS = env_int("ZABOTA_METHODOLOGY_MAX_QUESTIONS", 200)
# The methodology editor (zabota/ltc/services/editor.py): options of a question, outcomes.
ZABOTA_METHODOLOGY_MAX_OPTIONS = env_int("ZABOTA_METHODOLOGY_MAX_OPTIONS", 50)
ZABOTA_METHODOLOGY_MAX_OUTCOMES = env_int("ZABOTA_METHODOLOGY_MAX_OUTCOMES", 20)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Production hardening (`manage.py check --deploy` is clean when ZABOTA_DEBUG is off).
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("ZABOTA_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("ZABOTA_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Who hears of a server error, and how (docs/deploy.md, «Ошибки и наблюдение»).
ADMINS = env_admins("ZABOTA_ADMINS")
EMAIL = email_from_url(env_str("ZABOTA_EMAIL_URL"))
EMAIL_BACKEND = EMAIL.backend
EMAIL_HOST, EMAIL_PORT = EMAIL.host or "localhost", EMAIL.port or 25
EMAIL_HOST_USER, EMAIL_HOST_PASSWORD = EMAIL.user, EMAIL.password
EMAIL_USE_TLS, EMAIL_USE_SSL = EMAIL.use_tls, EMAIL.use_ssl
EMAIL_TIMEOUT = 20
SERVER_EMAIL = env_email("ZABOTA_SERVER_EMAIL", "zabota@localhost")
DEFAULT_FROM_EMAIL = env_email("ZABOTA_DEFAULT_FROM_EMAIL", SERVER_EMAIL)
EMAIL_SUBJECT_PREFIX = "[Забота] "
# A letter about each server error goes to ADMINS only when a mail server is configured.
ZABOTA_ERROR_MAIL = bool(ADMINS) and EMAIL.sends
# Server errors stay on the «Ошибки» page this long; `purge_error_reports` removes older ones.
ZABOTA_ERROR_REPORT_DAYS = env_int("ZABOTA_ERROR_REPORT_DAYS", 90)
# Quality of care (docs/quality.md). An appeal is answered within this many days of its
# registration, and one extension moves the deadline by at most the second number (59-ФЗ,
# ст. 12; a centre whose regional rules say otherwise sets its own).
ZABOTA_COMPLAINT_DAYS = env_int("ZABOTA_COMPLAINT_DAYS", 30)
ZABOTA_COMPLAINT_EXTENSION_DAYS = env_int("ZABOTA_COMPLAINT_EXTENSION_DAYS", 30)
# An open appeal this close to its deadline is an alert to its responsible person.
ZABOTA_COMPLAINT_WARN_DAYS = env_int("ZABOTA_COMPLAINT_WARN_DAYS", 5)
# The family view (docs/family.md): a relative's one-time link works this many hours, and a
# message to the head is at most this many characters.
ZABOTA_FAMILY_INVITATION_HOURS = env_int("ZABOTA_FAMILY_INVITATION_HOURS", 72)
ZABOTA_FAMILY_MESSAGE_CHARS = env_int("ZABOTA_FAMILY_MESSAGE_CHARS", 2000)
# Each quarter's proposed survey sample: this share of a worker's recipients, at least the minimum.
ZABOTA_SURVEY_SAMPLE_PERCENT = env_int("ZABOTA_SURVEY_SAMPLE_PERCENT", 10)
ZABOTA_SURVEY_SAMPLE_MIN = env_int("ZABOTA_SURVEY_SAMPLE_MIN", 2)
# The head's inspection plan: visits to each field worker per quarter.
ZABOTA_INSPECTIONS_PER_QUARTER = env_int("ZABOTA_INSPECTIONS_PER_QUARTER", 1)
# The head's weekly rota (docs/rota.md): defaults of this installation, not a legal norm —
# recipients per worker above which a worker is shown overloaded, and the share of the working
# time (hours per week of the staff card) above / below which a week is over- / under-loaded.
ZABOTA_ROTA_RECIPIENTS_PER_WORKER = env_int("ZABOTA_ROTA_RECIPIENTS_PER_WORKER", 8)
ZABOTA_ROTA_OVERLOAD_PERCENT = env_int("ZABOTA_ROTA_OVERLOAD_PERCENT", 110)
ZABOTA_ROTA_UNDERLOAD_PERCENT = env_int("ZABOTA_ROTA_UNDERLOAD_PERCENT", 80)
# Alerts of certificates, programs, reassessments and inspections due within this many days.
ZABOTA_ALERT_DAYS = env_int("ZABOTA_ALERT_DAYS", 14)
# The daily digest of alerts goes by e-mail only when a mail server is configured.
ZABOTA_ALERT_MAIL = EMAIL.sends
# The address of the site in letters («https://zabota.kcson.local»); empty: no link.
ZABOTA_SITE_URL = env_str(
    "ZABOTA_SITE_URL", CSRF_TRUSTED_ORIGINS[0] if CSRF_TRUSTED_ORIGINS else ""
).rstrip("/")
# /health/ fails when the data folder has less free space than this.
ZABOTA_HEALTH_MIN_FREE_MB = env_int("ZABOTA_HEALTH_MIN_FREE_MB", 500)
ZABOTA_HEALTH_DB_TIMEOUT_SECONDS = env_int("ZABOTA_HEALTH_DB_TIMEOUT_SECONDS", 3)

# One line per event on standard error, which systemd hands to journald (`journalctl -u
# zabota`): the time, the level, the request's id, the module. No colour, no personal data.
LOG_LEVEL = env_log_level("ZABOTA_LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "zabota.operations.logs.RequestIdFilter"},
        "error_mail": {"()": "zabota.operations.logs.ErrorMailEnabled"},
    },
    "formatters": {
        "line": {
            "format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "line",
            "filters": ["request_id"],
        },
        "mail_admins": {
            "class": "zabota.operations.mail.ErrorMailHandler",
            "level": "ERROR",
            "filters": ["error_mail"],
        },
    },
    # Other libraries speak only of problems; our own modules at the chosen level.
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "zabota": {"level": LOG_LEVEL},
        # Replaces Django's own configuration of these loggers, whose letter to ADMINS would
        # carry the request's parameters and the traceback's variables (personal data).
        "django": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        "django.request": {"handlers": ["mail_admins"], "propagate": True},
    },
}

# Long work (a month's acts, large imports, the ЕГИССО file) is a job in the database queue of
# django-tasks, run by `manage.py jobs_worker` (deploy/systemd/zabota-worker.service).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Tests of a job's body run it in the request's process instead (the worker's own tests don't).
ZABOTA_JOBS_INLINE = env_bool("ZABOTA_JOBS_INLINE", False)
# How long the files a job made (ZIP, PDF, XML) are kept; `purge_job_results` empties older ones.
ZABOTA_JOB_RESULT_DAYS = env_int("ZABOTA_JOB_RESULT_DAYS", 30)
# An import of more rows than this is checked and loaded by the worker, smaller ones at once.
ZABOTA_IMPORT_INLINE_ROWS = env_int("ZABOTA_IMPORT_INLINE_ROWS", 500)
# ЕГИССО packages of a period with more programs or records than this are formed by the worker.
ZABOTA_EGISSO_INLINE_PROGRAMS = env_int("ZABOTA_EGISSO_INLINE_PROGRAMS", 300)

# django-ninja escapes Cyrillic in JSON unless told otherwise; the API stays readable raw.
NINJA_PAGINATION_PER_PAGE = 50
