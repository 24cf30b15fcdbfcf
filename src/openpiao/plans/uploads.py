"""An uploaded file kept between its preview and the confirmation of its import.

The file is stored under MEDIA_ROOT/imports/ with a random name; the confirmation form carries a
signed ticket naming it, its SHA-256, the ente, the user, the kind of file and the page's
`scope` (the plan a workbook goes into). Only the same user in the same ente and scope, within
UPLOAD_MAX_AGE, gets the same bytes back: a changed, expired or foreign
ticket reads nothing. Files older than that are removed at the next upload.
"""

import hashlib
import secrets
import time

from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from openpiao.core.exchange import ImportProblem

UPLOAD_MAX_AGE = 60 * 60  # seconds: time enough to read the preview, not to leave files around
FOLDER = "imports"
_SALT = "openpiao.plans.uploads"
EXPIRED = "Il file caricato non è più disponibile (scaduto o già importato): caricalo di nuovo."


def stage(content: bytes, *, organization, user, kind: str, scope: str = "") -> str:
    """Keep `content` and return the ticket that gives it back (`staged`)."""
    _remove_expired()
    name = default_storage.save(f"{FOLDER}/{secrets.token_hex(16)}.{kind}", ContentFile(content))
    ticket = {
        "file": name,
        "sha256": hashlib.sha256(content).hexdigest(),
        "organization": organization.pk,
        "user": user.pk,
        "kind": kind,
        "scope": scope,
    }
    return signing.dumps(ticket, salt=_SALT)


def staged(ticket: str, *, organization, user, kind: str, scope: str = "") -> tuple[str, bytes]:
    """The stored file's (name, content) for this ente, user, kind and scope, or ImportProblem."""
    try:
        data = signing.loads(ticket or "", salt=_SALT, max_age=UPLOAD_MAX_AGE)
    except signing.BadSignature:  # expired or altered
        raise ImportProblem(EXPIRED) from None
    owner = (data.get("organization"), data.get("user"), data.get("kind"), data.get("scope"))
    if owner != (organization.pk, user.pk, kind, scope):
        raise ImportProblem(EXPIRED)
    name = data["file"]
    try:
        with default_storage.open(name, "rb") as handle:
            content = handle.read()
    except OSError:
        raise ImportProblem(EXPIRED) from None
    if hashlib.sha256(content).hexdigest() != data["sha256"]:
        raise ImportProblem(EXPIRED)
    return name, content


def discard(name: str) -> None:
    default_storage.delete(name)


def _remove_expired() -> None:
    try:
        _, files = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return
    limit = time.time() - UPLOAD_MAX_AGE
    for file in files:
        path = f"{FOLDER}/{file}"
        try:
            if default_storage.get_modified_time(path).timestamp() < limit:
                default_storage.delete(path)
        except FileNotFoundError:  # removed meanwhile by another upload
            continue
