"""Start the test OpenID Connect provider (`serve.py`) as a process on a free port of the
tests' range, and the OIDC_* settings that point OpenPIAO at it."""

import socket
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

from .serve import CLIENT_ID, CLIENT_SECRET

ROOT = Path(__file__).resolve().parents[2]
PORTS = range(8120, 8130)


def _free_port() -> int:
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("Nessuna porta libera tra 8120 e 8129 per l'identity provider di prova.")


@contextmanager
def running_provider(redirect_uri: str, people: list[str]):
    """The provider's base URL while it runs; each person «CF:password:Nome:Cognome»."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.identity_provider.serve", str(port), redirect_uri, *people],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        if process.stdout.readline().strip() != "ready":
            raise RuntimeError("L'identity provider di prova non è partito.")
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def client_settings(base: str) -> dict:
    """The OIDC_* settings of OpenPIAO for the provider at `base`."""
    return {
        "OIDC_RP_CLIENT_ID": CLIENT_ID,
        "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
        "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{base}/o/authorize/",
        "OIDC_OP_TOKEN_ENDPOINT": f"{base}/o/token/",
        "OIDC_OP_USER_ENDPOINT": f"{base}/o/userinfo/",
        "OIDC_OP_JWKS_ENDPOINT": f"{base}/o/.well-known/jwks.json",
    }
