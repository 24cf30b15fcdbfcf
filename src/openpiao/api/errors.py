"""The API's errors, in Italian, with the status a client can act on.

409: someone saved the row since the client read it (the same message as the pages); 422:
the models' rules refused the data, by field; 403: the role or the adopted plan forbids it;
404: missing or not this ente's (the same answer); 429: too many calls with one token.
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as ModelValidationError
from django.http import Http404
from ninja.errors import AuthenticationError, Throttled
from ninja.errors import ValidationError as SchemaValidationError

from openpiao.core.locking import StaleEdit
from openpiao.core.rows import RowsInvalid
from openpiao.evaluation.models import ValidatedReviewError
from openpiao.performance.services import TableInvalid

NOT_FOUND = "Risorsa non trovata."
UNAUTHENTICATED = "Chiave API mancante, non valida, scaduta o revocata."
THROTTLED = "Troppe richieste con questa chiave: attenda qualche secondo e riprovi."
INVALID = "Dati non validi: nulla è stato salvato."

# pydantic's error types → what the client reads
SCHEMA_MESSAGES = {
    "missing": "Campo obbligatorio.",
    "int_parsing": "Serve un numero intero.",
    "int_type": "Serve un numero intero.",
    "decimal_parsing": "Serve un numero (con il punto come separatore decimale).",
    "decimal_type": "Serve un numero (con il punto come separatore decimale).",
    "bool_parsing": "Serve true o false.",
    "bool_type": "Serve true o false.",
    "date_from_datetime_parsing": "Serve una data nel formato AAAA-MM-GG.",
    "date_parsing": "Serve una data nel formato AAAA-MM-GG.",
    "date_type": "Serve una data nel formato AAAA-MM-GG.",
    "string_type": "Serve un testo.",
    "list_type": "Serve un elenco.",
    "json_invalid": "Il corpo della richiesta non è JSON valido.",
    "extra_forbidden": "Campo non previsto.",
    "literal_error": "Valore non previsto.",
    "enum": "Valore non previsto.",
}


def _field_messages(error: ModelValidationError) -> dict[str, list[str]]:
    if isinstance(error, RowsInvalid):
        return {
            f"rows[{index}].{field}": messages
            for index, row in error.rows.items()
            for field, messages in _field_messages(row).items()
        }
    if hasattr(error, "error_dict"):
        return {("non_field" if k == "__all__" else k): v for k, v in error.message_dict.items()}
    return {"non_field": error.messages}


def install(api) -> None:
    def respond(request, status: int, detail: str, **extra):
        return api.create_response(request, {"detail": detail, **extra}, status=status)

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return respond(request, 404, NOT_FOUND)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return respond(request, 401, UNAUTHENTICATED)

    @api.exception_handler(Throttled)
    def throttled(request, exc):
        return respond(request, 429, THROTTLED)

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return respond(request, 403, str(exc) or "Il suo ruolo non consente questa operazione.")

    @api.exception_handler(StaleEdit)
    def stale(request, exc):
        return respond(request, 409, StaleEdit.message)

    @api.exception_handler(ValidatedReviewError)
    def validated(request, exc):
        return respond(request, 409, ValidatedReviewError.message)

    @api.exception_handler(ModelValidationError)
    def invalid(request, exc):
        return respond(request, 422, INVALID, errors=_field_messages(exc))

    @api.exception_handler(TableInvalid)
    def table_invalid(request, exc):
        return respond(request, 422, INVALID, errors=_field_messages(exc.error))

    @api.exception_handler(SchemaValidationError)
    def schema_invalid(request, exc):
        errors: dict[str, list[str]] = {}
        for item in exc.errors:
            where = ".".join(str(part) for part in item.get("loc", ())[1:]) or "body"
            message = SCHEMA_MESSAGES.get(item.get("type", ""), "Valore non valido.")
            errors.setdefault(where, []).append(message)
        return respond(request, 422, INVALID, errors=errors)
