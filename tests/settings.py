"""Settings of the test suite: the product's own, run as in production (DEBUG off).

Production refuses to start without a SECRET_KEY; the suite brings one when the environment has
none (a clean `make test`). pytest-django imports this module before any conftest runs.
"""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "solo-per-i-test-" + "x" * 40)

from openpiao.settings import *  # noqa: F403

# PBKDF2 costs about 0.3 s per password the suite sets (every test user, the demo's logins); the
# suite checks who may log in, not the strength of the hash. Production keeps Django's default.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# A job runs at once, inside the request that enqueues it: the tests see its outcome directly.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Uploaded files (the coat of arms) go to a folder of the run, never the developer's var/media.
MEDIA_ROOT = tempfile.mkdtemp(prefix="openpiao-test-media-")

# Static files straight from the apps' folders (no collectstatic, no manifest): the manifest
# storage is tested with the production server (tests/core/test_serving.py).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = tempfile.mkdtemp(prefix="openpiao-test-static-")
