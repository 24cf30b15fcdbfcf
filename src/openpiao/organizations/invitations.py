"""The invitation's token: random, single-use, stored only as its SHA-256 (the table never holds
a working link)."""

import hashlib
import secrets


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
