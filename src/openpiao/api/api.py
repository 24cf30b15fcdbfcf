"""The REST API (django-ninja, OpenAPI 3), mounted at /api/v1/.

Public routes read the published plans; the others need a personal token and act through the
same services, permissions and audit as the pages. Every call counts against the rate limit of
its token (of its address for the public routes)."""

from ninja import NinjaAPI

from . import errors, objectives, public, reviews, risk, transparency
from .auth import SettingsRateThrottle, TokenAuth

api = NinjaAPI(
    title="OpenPIAO API",
    version="1",
    description=(
        "Il PIAO come dati. Le rotte «pubblici» leggono i piani adottati e pubblicati (la versione "
        "congelata all'adozione); le altre richiedono una chiave API personale, valida per un ente e "
        "un ruolo, e scrivono con le stesse regole, verifiche di versione e registro delle pagine."
    ),
    urls_namespace="api",
    auth=TokenAuth(),
    throttle=SettingsRateThrottle(),
    docs_url=None,  # the Swagger page loads scripts from a CDN, which the CSP refuses
)
errors.install(api)
api.add_router("", public.router, auth=None)
for section in (objectives, reviews, risk, transparency):
    api.add_router("", section.router)
