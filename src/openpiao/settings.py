"""One settings module, configured from the environment.

DATABASE_URL   default: SQLite in var/openpiao.sqlite3 (WAL mode); e.g. postgres://user@host:5432/db
SECRET_KEY     required when DEBUG is off
DEBUG          "1" to enable (default on for local use, off when SECRET_KEY is given)
ALLOWED_HOSTS  comma separated
"""

import os
from pathlib import Path

import dj_database_url

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("OPENPIAO_VAR_DIR", BASE_DIR / "var"))
REFERENCE_DATA_DIR = PACKAGE_DIR / "reference_data"

SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = os.environ.get("DEBUG", "0" if SECRET_KEY else "1") == "1"
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("SECRET_KEY è obbligatoria quando DEBUG è disattivato.")
    SECRET_KEY = "solo-per-sviluppo-locale-non-usare-in-produzione"

ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

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
    "bootstrap_italia_template",
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
    "openpiao.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
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
            ],
            "builtins": ["openpiao.core.templatetags.piao"],
        },
    },
]

FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

WSGI_APPLICATION = "openpiao.wsgi.application"


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

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

if not DEBUG:
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
