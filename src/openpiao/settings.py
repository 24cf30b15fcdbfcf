"""One settings module, configured from the environment (every variable is in the README's
Configuration table). It fails closed: DEBUG is off unless asked for, and without DEBUG the
installation does not start without its SECRET_KEY.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("OPENPIAO_VAR_DIR", BASE_DIR / "var"))
REFERENCE_DATA_DIR = PACKAGE_DIR / "reference_data"


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    return default if value == "" else value in {"1", "true", "yes", "on", "si", "sì"}


def _list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# DJANGO_DEBUG, or the older DEBUG; off unless one of them asks for it.
DEBUG = _flag("DJANGO_DEBUG", _flag("DEBUG", False))
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Manca SECRET_KEY: in produzione impostare SECRET_KEY (una stringa lunga e casuale, "
            "ad esempio da `python -c 'import secrets; print(secrets.token_urlsafe(50))'`); "
            "solo per lo sviluppo locale avviare con DJANGO_DEBUG=1."
        )
    SECRET_KEY = "solo-per-sviluppo-locale-non-usare-in-produzione"

ALLOWED_HOSTS = _list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = _list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_htmx",
    "csp",
    "bootstrap_italia_template",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "mozilla_django_oidc",
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    "django_tasks_rq",
    "simple_history",
    "openpiao.core",
    "openpiao.organizations",
    "openpiao.plans",
    "openpiao.organization_chart",
    "openpiao.performance",
    "openpiao.evaluation",
    "openpiao.human_capital",
    "openpiao.risk",
    "openpiao.transparency",
    "openpiao.documents",
    "openpiao.changelog",
    "openpiao.deadlines",
    "openpiao.api",
    "openpiao.demo",
    "openpiao.publication",
    "openpiao.accounts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files from the app servers themselves, compressed and with hashed names.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Whether the session gave its second factor (django-otp), and the page that asks for it.
    "django_otp.middleware.OTPMiddleware",
    "openpiao.accounts.middleware.SecondFactorMiddleware",
    # Who made a change, for the history records written during the request.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "openpiao.core.middleware.PrivatePagesMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "openpiao.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "openpiao.accounts.context.signin_methods",
            ],
            "builtins": ["openpiao.core.templatetags.piao"],
        },
    },
]

FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

WSGI_APPLICATION = "openpiao.wsgi.application"

# Computed results of a plan (core.caching): each process's memory by default; Redis, shared by
# every app server, when CACHE_URL (or REDIS_URL) names it, e.g. redis://127.0.0.1:6379/2.
_cache_url = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_url}
        if _cache_url
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 2000}}
    )
}


def _database_config() -> dict:
    url = os.environ.get("DATABASE_URL")
    if url:
        config = dj_database_url.parse(url, conn_max_age=60)
        if config["ENGINE"].endswith("postgresql"):
            config.setdefault("TEST", {})["NAME"] = os.environ.get(
                "TEST_DATABASE_NAME", f"test_{config['NAME']}"
            )
    else:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        config = {"ENGINE": "django.db.backends.sqlite3", "NAME": VAR_DIR / "openpiao.sqlite3"}
    if config["ENGINE"].endswith("sqlite3"):
        # However SQLite is named (default path or DATABASE_URL): WAL lets readers work while
        # one request writes; IMMEDIATE takes the write lock when the transaction starts, so
        # a read-then-write never fails its upgrade with "database is locked"; the timeout
        # (seconds) is how long a writer waits for the lock before giving up.
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            **config.get("OPTIONS", {}),
        }
    return config


DATABASES = {"default": _database_config()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Login throttling (django-axes). The count is per user name, whatever the address: guesses
# spread over many addresses are stopped too, and rotating user agents or cookies changes nothing
# (so axes.W006, which asks for the address among the parameters, does not apply). Not per address
# alone: behind the reverse proxy every client has the proxy's address, and a comune's offices
# share one. The price: someone who knows a user name can keep it locked for the cool-off;
# `manage.py axes_reset_username NAME` lifts a lock at once.
# Axes first (it refuses a locked user name before any password is checked), then the password
# (refused when every ente of the person has switched passwords off), then SPID/CIE (idle
# unless the OIDC_* variables below are set; axes does not count its sign-ins, which have no
# user name).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "openpiao.organizations.backends.PasswordBackend",
    "openpiao.accounts.identity.IdentityBackend",
]
# REST API: calls allowed per token (per address without one), e.g. "120/min", "5000/day".
API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "120/min")

AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "openpiao.core.login.lockout_response"
AXES_VERBOSE = False
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# SPID and CIE through OpenID Connect (mozilla-django-oidc): OpenPIAO is a client of an identity
# proxy such as iam-proxy-italia. Configured when the client id and the four endpoints are set;
# the person is found by the codice fiscale of the claim OIDC_TAX_CODE_CLAIM («TINIT-…»).
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid profile")
OIDC_TAX_CODE_CLAIM = os.environ.get("OIDC_TAX_CODE_CLAIM", "https://attributes.eid.gov.it/fiscal_number")
OIDC_SIGNIN_METHODS = _list("OIDC_SIGNIN_METHODS", "spid,cie")
# Extra parameters of the authorization request of each button, as a query string (e.g. the
# proxy's choice of provider or the SPID level in acr_values).
OIDC_AUTH_PARAMS = {
    "spid": os.environ.get("OIDC_SPID_AUTH_PARAMS", ""),
    "cie": os.environ.get("OIDC_CIE_AUTH_PARAMS", ""),
}
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 15
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:identity_callback"

# The second factor (TOTP, django-otp) of the service operator and the enti's administrators:
# optional for each, mandatory for all of them with SECOND_FACTOR_REQUIRED=1.
SECOND_FACTOR_REQUIRED = _flag("SECOND_FACTOR_REQUIRED", False)
OTP_TOTP_ISSUER = "OpenPIAO"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "organizations:list"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "it"
LANGUAGES = [("it", "Italiano")]
TIME_ZONE = "Europe/Rome"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = False  # years must print as 2024; amounts use |num and |money

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))


def _file_storage() -> dict:
    """Stored files (frozen versions, prints, uploads, coats of arms): the MEDIA_ROOT folder, or
    an S3-compatible bucket when STORAGE_S3_BUCKET is set, so that several app servers and the
    workers share them. Files are read through the app, never from a public URL."""
    bucket = os.environ.get("STORAGE_S3_BUCKET", "")
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": os.environ.get("STORAGE_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("STORAGE_S3_REGION") or None,
            "access_key": os.environ.get("STORAGE_S3_ACCESS_KEY") or None,
            "secret_key": os.environ.get("STORAGE_S3_SECRET_KEY") or None,
            "location": os.environ.get("STORAGE_S3_PREFIX", ""),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }


STORAGES = {
    "default": _file_storage(),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Background jobs (the Django Tasks API, backport django-tasks). The embedded default is the
# database queue (django-tasks-db, `manage.py db_worker`, SQLite or PostgreSQL); production may use
# Redis through RQ (django-tasks-rq, `manage.py rqworker --job-class django_tasks_rq.Job default`).
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "database").strip().lower()
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
# A print of a large plan takes up to a minute; a job past this is stopped by RQ.
RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 900}}
if TASKS_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
elif TASKS_BACKEND == "rq":
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
else:
    raise ImproperlyConfigured(f"TASKS_BACKEND «{TASKS_BACKEND}» sconosciuto: usare «database» o «rq».")

# A confirmed import of a file this large or larger (bytes) runs as a background job with a
# progress page; a smaller one is imported in the request.
IMPORT_IN_BACKGROUND_BYTES = int(os.environ.get("IMPORT_IN_BACKGROUND_BYTES", str(1024 * 1024)))
# «Nuovo piano dal precedente» of a plan with this many objectives or more runs as a background
# job with a progress page; a smaller plan is rolled over in the request.
ROLLOVER_IN_BACKGROUND_OBJECTIVES = int(os.environ.get("ROLLOVER_IN_BACKGROUND_OBJECTIVES", "100"))

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# E-mail (the invitations): written to the console unless an SMTP server is configured.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _flag("EMAIL_USE_TLS", True)
EMAIL_USE_SSL = _flag("EMAIL_USE_SSL", False)
if EMAIL_USE_SSL:
    EMAIL_USE_TLS = False  # Django refuses both: SSL (port 465) wins when asked for
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "OpenPIAO <noreply@localhost>")
# The address of the site, for the links of e-mails sent by background jobs (no request to read it from).
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")

# HTTPS. Behind a reverse proxy that terminates TLS, SECURE_PROXY_SSL_HEADER names the header it
# sets (e.g. HTTP_X_FORWARDED_PROTO): trusted only when configured, since a client could send it.
if os.environ.get("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = (os.environ["SECURE_PROXY_SSL_HEADER"], "https")
SECURE_SSL_REDIRECT = _flag("SECURE_SSL_REDIRECT", False)
# The load balancer asks for the health page over plain HTTP, inside the network.
SECURE_REDIRECT_EXEMPT = [r"^salute/$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = _flag("SECURE_HSTS_PRELOAD", False)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = _flag("SECURE_COOKIES", not DEBUG)
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): only this site's own scripts, styles, fonts and images;
# no inline script or style (the templates have none), no eval (htmx's eval-based features are
# off, see base.html), no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],  # Bootstrap Italia's stylesheet embeds a font
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Errors of requests (500s with their traceback, e.g. a database that does not answer) and the
# warnings of the security checks and of django-axes go to stderr also when DEBUG is off, where
# Django's default would only e-mail ADMINS (none here). 4xx answers are not logged.
# LOG_FORMAT=json writes one JSON object per line (python-json-logger), for a log collector.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "plain").strip().lower()
LOG_FORMATTERS = {
    "plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"},
    "json": {
        "()": "pythonjsonlogger.json.JsonFormatter",
        "format": "{asctime}{levelname}{name}{message}{process}",
        "style": "{",
        "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
    },
}
if LOG_FORMAT not in LOG_FORMATTERS:
    raise ImproperlyConfigured(f"LOG_FORMAT «{LOG_FORMAT}» sconosciuto: usare «plain» o «json».")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"main": LOG_FORMATTERS[LOG_FORMAT]},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "main"}},
    "root": {"handlers": ["stderr"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "django": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
        "django.request": {"handlers": ["stderr"], "level": "ERROR", "propagate": False},
    },
}
