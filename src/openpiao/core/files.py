"""Stored files (Django's storage: MEDIA_ROOT, or an S3 bucket) where a program needs a path."""

import hashlib
import os
import tempfile
from pathlib import Path

LOCAL_COPIES = Path(tempfile.gettempdir()) / "openpiao-files"


def local_path(file) -> str:
    """A path on this machine holding the stored `file` (a FieldFile): the file itself on disk,
    else a copy in the temporary folder named by the hash of its content (so a name given again
    to another image never serves the old one)."""
    try:
        return file.path
    except NotImplementedError:  # a remote storage has no path
        pass
    with file.open("rb") as source:
        content = source.read()
    copy = LOCAL_COPIES / f"{hashlib.sha256(content).hexdigest()}{Path(file.name).suffix}"
    if not copy.exists():
        LOCAL_COPIES.mkdir(exist_ok=True)
        partial = copy.with_name(f"{copy.name}.{os.getpid()}.part")
        partial.write_bytes(content)
        partial.replace(copy)
    return str(copy)
