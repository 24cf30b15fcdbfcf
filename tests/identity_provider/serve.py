"""Run the test OpenID Connect provider: `python -m tests.identity_provider.serve PORT
REDIRECT_URI PERSON...`, each PERSON «CODICEFISCALE:password:Nome:Cognome» (the codice fiscale
is the user name at the provider). Prints «ready» when it answers; stops on SIGTERM."""

import os
import sys
import tempfile
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

CLIENT_ID = "openpiao"
CLIENT_SECRET = "segreto-del-client-di-prova"


class ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def main(port: int, redirect_uri: str, people: list[str]) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    os.environ["PROVIDER_RSA_KEY"] = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    os.environ["PROVIDER_DB"] = os.path.join(tempfile.mkdtemp(prefix="oidc-provider-"), "db.sqlite3")
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.identity_provider.settings"

    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0, interactive=False)
    for person in people:
        tax_code, password, first_name, last_name = person.split(":")
        User.objects.create_user(tax_code, password=password, first_name=first_name, last_name=last_name)
    Application.objects.create(
        name="OpenPIAO",
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=redirect_uri,
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    server = make_server(
        "127.0.0.1", port, get_wsgi_application(), server_class=ThreadingServer, handler_class=QuietHandler
    )
    print("ready", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2], sys.argv[3:])
