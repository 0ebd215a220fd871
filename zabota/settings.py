"""Settings of Zabota: one module, every deployment difference read from the environment."""

from pathlib import Path

from zabota.env import (
    database_from_url,
    env_bool,
    env_int,
    env_list,
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
    from django.core.exceptions import ImproperlyConfigured

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
    # Zabota, in the order of the mission: organisation and people first, then what they do.
    "zabota.core",
    "zabota.organisation",
    "zabota.accounts",
    "zabota.audit",
    "zabota.recipients",
    "zabota.catalog",
    "zabota.programs",
    "zabota.payments",
    "zabota.delivery",
    "zabota.documents",
    "zabota.acts",
    "zabota.ltc",
    "zabota.reports",
    "zabota.exchange",
    "zabota.field",
    "zabota.api",
    "zabota.dashboard",
]

MIDDLEWARE = [
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
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "accounts:login"

# Приказ ФСТЭК № 21, УПД.6 and УПД.10: a limit on failed logins and a lock of idle sessions.
ZABOTA_LOCKOUT_ATTEMPTS = env_int("ZABOTA_LOCKOUT_ATTEMPTS", 5)
ZABOTA_LOCKOUT_MINUTES = env_int("ZABOTA_LOCKOUT_MINUTES", 15)
ZABOTA_IDLE_MINUTES = env_int("ZABOTA_IDLE_MINUTES", 30)
# РСБ.1: how long security events are kept before `purge_security_events` removes them.
ZABOTA_SECURITY_LOG_RETENTION_DAYS = env_int("ZABOTA_SECURITY_LOG_RETENTION_DAYS", 3 * 365)

# Visits marked farther than this from the recipient's home go to the head's review list.
ZABOTA_VISIT_RADIUS_M = env_int("ZABOTA_VISIT_RADIUS_M", 500)
# "auto": LibreOffice when installed, else the built-in DOCX→HTML→PDF path; "html": the latter.
ZABOTA_PDF_ENGINE = env_str("ZABOTA_PDF_ENGINE", "auto")

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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("ZABOTA_LOG_LEVEL", "WARNING")},
}

# django-ninja escapes Cyrillic in JSON unless told otherwise; the API stays readable raw.
NINJA_PAGINATION_PER_PAGE = 50
