"""Building blocks of the plan's open-data JSON (see docs/export-format.md).

Rows are written with natural keys (unit codes, employee keys), never database ids, so a
document can be read by anyone and imported into another installation. Decimals travel as
strings ("1329200.48") and dates as ISO strings ("2024-03-31") so nothing is rounded.

An import reads a document anyone may have written by hand, so it trusts nothing:
`read_document` bounds the file (size, encoding, JSON syntax, NaN), `prepared` the document (an
object, its nesting, its texts cleaned), and every reader below checks the type of what it takes
and names its place in the document with a JSON path (`objectives[3].indicators[0].weight`).
Inside `collecting()` a problem in one row is noted and the import goes on with the next
(`row`), so the user gets every problem at once; the caller saves nothing if there is any (one
transaction).
"""

import json
import re
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models

from .text import clean_text

# A plan of a large comune is well under 1 MB; settings.IMPORT_MAX_BYTES can raise the limit.
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
# The plan's document nests about six levels (training_areas[].courses[].enrolments[]).
MAX_DEPTH = 20
# Past this many, more problems only bury the first ones.
MAX_PROBLEMS = 200


class Audience(StrEnum):
    """Whom a plan document is written for; every export names one.

    BACKUP: everything entered, to restore or copy a plan (the round-trip tests, the demo
    fixtures); only for the roles that see all of an ente's data (organizations.models.
    SPECIAL_CATEGORY_READERS). PUBLIC: open data and the frozen version of an adopted plan;
    no personal data beyond what the printed plan legally shows (no smart-working agreements,
    no per-person training, no employee's gender, contract or dates of service).
    """

    BACKUP = "backup"
    PUBLIC = "public"


class ImportProblem(Exception):
    """A document that cannot be imported; each problem says where (a JSON path) and why, in Italian.

    Raised with no problem at all, it skips a row silently: the row depends on one that was
    already refused with its own message.
    """

    def __init__(self, *problems: str, total: int | None = None):
        self.problems = list(problems)
        self.total = len(self.problems) if total is None else total  # before any cut
        super().__init__("\n".join(self.problems))


_found: ContextVar[list[str] | None] = ContextVar("import_problems", default=None)


@contextmanager
def collecting():
    """Gather the problems of every row; at the end, raise them all as one ImportProblem."""
    found: list[str] = []
    token = _found.set(found)
    try:
        yield
    except ImportProblem as problem:  # one the import cannot go on after: reported with the others
        found.extend(problem.problems)
    finally:
        _found.reset(token)
    if found:
        total = len(found)
        if total > MAX_PROBLEMS:
            found[MAX_PROBLEMS:] = [f"… e altri {total - MAX_PROBLEMS} problemi."]
        raise ImportProblem(*found, total=total)


def note(path: str, message: str) -> None:
    """Record a problem and go on (outside `collecting`, stop at it)."""
    found = _found.get()
    problem = f"{path}: {message}" if path else message
    if found is None:
        raise ImportProblem(problem)
    found.append(problem)


def noted() -> int:
    """How many problems have been noted so far (to tell whether a row's parts had any)."""
    found = _found.get()
    return len(found) if found is not None else 0


@contextmanager
def row():
    """One row (or one section) of the document: its problems are noted and the import goes on."""
    try:
        yield
    except ImportProblem as problem:
        found = _found.get()
        if found is None:
            raise
        found.extend(problem.problems)


# --- the document as a whole ---------------------------------------------------------------


def max_bytes() -> int:
    return getattr(settings, "IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)


def _json_message(text: str) -> str:
    """The json module's own message for `text` (an invalid document)."""
    try:
        json.loads(text)
    except json.JSONDecodeError as error:
        return error.msg
    raise AssertionError(f"{text!r} is valid JSON")


# The json module's messages, asked of the module itself (not copied: its wording is the key),
# and what the import says instead.
_JSON_ERRORS = {
    _json_message("[1 2]"): "manca una virgola",
    _json_message(""): "manca un valore",
    _json_message('{"a" 1}'): "mancano i due punti dopo il nome del campo",
    _json_message("{1: 2}"): "atteso il nome di un campo tra virgolette doppie",
    _json_message('"abc'): "testo non chiuso dalle virgolette",
    _json_message('"\\q"'): "sequenza di escape non valida",
    _json_message('"\\u12"'): "sequenza \\u non valida",
    _json_message("1 2"): "altro contenuto dopo la fine del documento",
}


class _NotANumber(ValueError):
    pass


def _refuse_constant(name: str):
    raise _NotANumber(name)


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".replace(".", ",") + " MB"


def check_size(size: int) -> None:
    if size > max_bytes():
        raise ImportProblem(
            f"Il file è troppo grande ({_megabytes(size)}): il limite è {_megabytes(max_bytes())}."
        )


def read_document(content: bytes):
    """The JSON value in `content` (`prepared` by the import), or an ImportProblem saying in
    Italian what is wrong with the file."""
    check_size(len(content))
    if not content.strip():
        raise ImportProblem("Il file è vuoto.")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportProblem(f"Il file non è in codifica UTF-8 (byte n. {error.start + 1}).") from None
    try:
        # strict=False: a control character typed inside a text (a paste from Word) is cleaned
        # like any other text, not refused as bad syntax.
        document = json.loads(text, parse_constant=_refuse_constant, strict=False)
    except json.JSONDecodeError as error:
        reason = _JSON_ERRORS.get(error.msg, "sintassi non valida")
        raise ImportProblem(
            f"Il file non è un documento JSON valido: riga {error.lineno}, colonna {error.colno}: {reason}."
        ) from None
    except _NotANumber as error:
        raise ImportProblem(
            f"Il file contiene «{error}», che non è un numero: JSON non lo ammette."
        ) from None
    except RecursionError:
        raise ImportProblem(_too_deep()) from None
    except ValueError:  # e.g. an integer of thousands of digits
        raise ImportProblem("Il file contiene un numero troppo lungo.") from None
    return document


def _too_deep() -> str:
    return f"Il documento è annidato troppo in profondità (oltre {MAX_DEPTH} livelli)."


def prepared(document) -> dict:
    """The document checked as a whole (an object, not nested past MAX_DEPTH) with every text,
    names of fields included, passed through `clean_text`."""
    if not isinstance(document, dict):
        raise ImportProblem(f"Il documento deve essere un oggetto JSON ({{…}}), non {_kind(document)}.")
    # Depth first, without recursion: the cleaning below recurses.
    level, pending = 1, [document]
    while pending:
        if level > MAX_DEPTH:
            raise ImportProblem(_too_deep())
        pending = [
            item
            for value in pending
            for item in (value.values() if isinstance(value, dict) else value)
            if isinstance(item, dict | list)
        ]
        level += 1
    return _cleaned(document)


def _cleaned(value):
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {_cleaned(key) if isinstance(key, str) else key: _cleaned(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_cleaned(item) for item in value]
    return value


# --- reading one place of the document -------------------------------------------------------


def at(path: str, key) -> str:
    """The JSON path of `key` (a field name or a list position) under `path`."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else str(key)


def show(value) -> str:
    """A value as the document writes it, cut short."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return f"«{text[:60]}…»" if len(text) > 60 else f"«{text}»"


def _kind(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"il valore {str(value).lower()}"
    if isinstance(value, dict):
        return "un oggetto"
    if isinstance(value, list):
        return "una lista"
    return f"il valore {show(value)}"


def rows(parent: dict, key: str, path: str = "") -> list[tuple[str, dict]]:
    """The objects listed under `key`, each with its path; a missing key or null lists none.

    A value that is not a list, or an item that is not an object, is noted and left out."""
    value, here = parent.get(key), at(path, key)
    if value is None:
        return []
    if not isinstance(value, list):
        note(here, f"attesa una lista, trovato {_kind(value)}.")
        return []
    found = []
    for index, item in enumerate(value):
        if isinstance(item, dict):
            found.append((at(here, index), item))
        else:
            note(at(here, index), f"atteso un oggetto, trovato {_kind(item)}.")
    return found


def section(parent: dict, key: str, path: str = "") -> dict | None:
    """The object under `key`, or None if missing or null (anything else is noted)."""
    value = parent.get(key)
    if value is None:
        return None
    if not isinstance(value, dict):
        note(at(path, key), f"atteso un oggetto, trovato {_kind(value)}.")
        return None
    return value


def text(parent: dict, key: str, path: str, default: str = "") -> str:
    """A text field; a missing key or null is `default`."""
    return text_value(parent.get(key), at(path, key), default)


def text_value(value, path: str, default: str = "") -> str:
    """A text at `path`; null is `default`."""
    if value is None:
        return default
    if not isinstance(value, str):
        raise ImportProblem(f"{path}: atteso un testo, trovato {_kind(value)}.")
    return value


def texts(parent: dict, key: str, path: str) -> list[str]:
    """A list of texts (e.g. the events of a process); a missing key or null is none."""
    value, here = parent.get(key), at(path, key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise ImportProblem(f"{here}: attesa una lista di testi, trovato {_kind(value)}.")
    wrong = [
        f"{at(here, n)}: atteso un testo, trovato {_kind(v)}."
        for n, v in enumerate(value)
        if not isinstance(v, str)
    ]
    if wrong:
        raise ImportProblem(*wrong)
    return value


def whole(parent: dict, key: str, path: str, *, required: bool = False) -> int | None:
    """An integer (a year, a position); true and false are not numbers."""
    value = parent.get(key)
    if value is None and not required:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        found = "nessun valore" if value is None else _kind(value)
        raise ImportProblem(f"{at(path, key)}: atteso un numero intero, trovato {found}.")
    return value


def flag(parent: dict, key: str, path: str) -> bool:
    """A yes/no: true or false (missing or null is false)."""
    value = parent.get(key)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise ImportProblem(f"{at(path, key)}: atteso true o false, trovato {_kind(value)}.")
    return value


def year_key(key: str, path: str) -> int:
    """A year written as the name of a field ({"2024": …})."""
    if not (isinstance(key, str) and len(key) == 4 and key.isascii() and key.isdigit()):
        raise ImportProblem(f"{path}: {show(key)} non è un anno (quattro cifre, es. «2024»).")
    return int(key)


# --- values typed as the model stores them ----------------------------------------------------


def dec(value: Decimal | None) -> str | None:
    if value is None:
        return None
    text = format(value.normalize(), "f")
    return text


def to_dec(value) -> Decimal | None:
    """A decimal from the document: a string with a dot ("1329200.48") or a JSON number."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        raise ValueError(value)
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValueError(value) from None
    if not number.is_finite():
        raise ValueError(value)
    return number


def iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def to_date(value) -> date | None:
    """A date from the document: an ISO string ("2024-03-31"); YAML gives dates as they are."""
    if value is None or value == "":
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise ValueError(value)
    return date.fromisoformat(value)


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def to_moment(value) -> datetime | None:
    """A date and time from the document: an ISO string ("2025-02-01T10:00:00+01:00")."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str):
        raise ValueError(value)
    return datetime.fromisoformat(value)


def _typed(field, value):
    """`value` as `field` stores it, or ValueError with the Italian reason."""
    from django.db import models
    from django.db.backends.base.operations import BaseDatabaseOperations

    if isinstance(field, models.DecimalField):
        try:
            return to_dec(value)
        except ValueError:
            raise ValueError(f"valore non numerico {show(value)} (un numero, es. «1250.40»).") from None
    if isinstance(field, models.DateTimeField):
        try:
            return to_moment(value)
        except ValueError:
            raise ValueError(f"data e ora non valide {show(value)} (es. «2025-02-01T10:00:00»).") from None
    if isinstance(field, models.DateField):
        try:
            return to_date(value)
        except ValueError:
            raise ValueError(f"data non valida {show(value)} (una data vera, scritta AAAA-MM-GG).") from None
    if isinstance(field, models.BooleanField):
        if value is None and field.null:
            return None
        if not isinstance(value, bool):
            raise ValueError(f"atteso true o false, trovato {_kind(value)}.")
        return value
    if isinstance(field, models.IntegerField):
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"atteso un numero intero, trovato {_kind(value)}.")
        # The field's own plausible range first, with the message the form gives; then the
        # column's range on every database (SQLite would store anything; PostgreSQL would fail
        # the whole transaction) for a field that declares none.
        try:
            field.run_validators(value)
        except ValidationError as error:
            raise ValueError(" ".join(error.messages)) from None
        low, high = BaseDatabaseOperations.integer_field_ranges[field.get_internal_type()]
        if not low <= value <= high:
            raise ValueError(f"il numero {value} è fuori dell'intervallo ammesso (da {low} a {high}).")
        return value
    if isinstance(field, models.CharField | models.TextField):
        if value is None:
            return None if field.null else ""
        if not isinstance(value, str):
            raise ValueError(f"atteso un testo, trovato {_kind(value)}.")
        return value
    return value  # JSON fields (months …): the model's validators check them


def values_for(model, row: dict, names, path: str = "") -> dict:
    """The named fields of a document row, typed as `model` stores them: the reverse of
    `fields_of` (decimal strings, ISO dates, null text as ""). Every value of the wrong type is
    reported at once, with its path."""
    values, wrong = {}, []
    for name in names:
        if name not in row:
            continue
        try:
            values[name] = _typed(model._meta.get_field(name), row[name])
        except ValueError as error:
            wrong.append(f"{at(path, name)}: {error}")
    if wrong:
        raise ImportProblem(*wrong)
    return values


def fields_of(instance, names: list[str]) -> dict:
    """Plain fields of a row, converted for JSON."""
    result = {}
    for name in names:
        value = getattr(instance, name)
        if isinstance(value, Decimal):
            value = dec(value)
        elif isinstance(value, date):
            value = iso(value)
        result[name] = value
    return result


def clean_texts(instance) -> None:
    """Every text of a row through `clean_text`, as the forms do: any import path stores the same."""
    from django.db import models

    for field in instance._meta.concrete_fields:
        if isinstance(field, models.CharField | models.TextField):
            value = getattr(instance, field.attname)
            if isinstance(value, str):
                setattr(instance, field.attname, clean_text(value))


def _problems(error: ValidationError, where: str) -> list[str]:
    return [
        f"{at(where, field) if field != '__all__' else where}: {' '.join(messages)}"
        for field, messages in error.message_dict.items()
    ]


def validate_row(instance, where: str) -> None:
    """Clean the texts and validate like a form would (`full_clean`: types, lengths, ranges, the
    model's rules and constraints); a failure names each field by its path."""
    clean_texts(instance)
    try:
        instance.full_clean()
    except ValidationError as error:
        raise ImportProblem(*_problems(error, where)) from None


def save_head(model, row: dict, names, where: str, *, essential: set[str], instance=None, **links):
    """Save the ente or the plan, which every other row needs. A problem in a field outside
    `essential` is noted and the field left at its default, so that the import goes on and
    checks the rest of the document too (the problems noted, nothing is saved in the end).
    With `instance`, that row is rewritten instead of a new one."""
    values = {}
    for name in names:
        try:
            values.update(values_for(model, row, [name], where))
        except ImportProblem as problem:
            if name in essential:
                raise
            for text in problem.problems:
                note("", text)
    if instance is None:
        instance = model(**links, **values)
    else:
        for name, value in values.items():
            setattr(instance, name, value)
    clean_texts(instance)
    try:
        instance.full_clean()
    except ValidationError as error:
        if set(error.message_dict) - (set(names) - essential):
            raise ImportProblem(*_problems(error, where)) from None
        for text in _problems(error, where):
            note("", text)
        for name in error.message_dict:
            field = model._meta.get_field(name)
            setattr(instance, field.attname, field.get_default())
        validate_row(instance, where)
    instance.save()
    return instance


def save_row(instance, where: str):
    """`validate_row`, then save: every row of an import goes through here. Inside `batched()`
    the row is validated without a query and written later with the others of its kind."""
    batch = _batch.get()
    if batch is None:
        validate_row(instance, where)
        instance.save()
        return instance
    clean_texts(instance)
    try:
        batch.clean(instance)
    except ValidationError as error:
        raise ImportProblem(*_problems(error, where)) from None
    batch.add(instance)
    return instance


# --- writing the rows of an import together -------------------------------------------------


_batch: ContextVar["_Batch | None"] = ContextVar("import_batch", default=None)


@contextmanager
def batched(*owned):
    """Rows given to `save_row` inside are validated at once, in memory, like `full_clean` would
    (same messages), and written by `write_pending` with one INSERT per kind of row (bulk_create,
    with their historical records), so an import costs the same queries whatever its size.

    `owned` are the rows the import itself creates (the plan): a unique check that names one of
    them, or a row of the batch, compares only with the batch; any other goes to the database."""
    batch = _Batch(owned)
    token = _batch.set(batch)
    try:
        yield batch
    finally:
        _batch.reset(token)


def write_pending() -> None:
    """Write the rows `save_row` has kept so far (call before reading them back from the
    database); outside `batched()` there is nothing to write."""
    batch = _batch.get()
    if batch is not None:
        batch.write()


def amend_row(instance, where: str, **values) -> None:
    """Change fields of a row already saved by `save_row` (validated again, with the new
    values): in a batch, the row is written with them; otherwise with an UPDATE, no save()."""
    for name, value in values.items():
        setattr(instance, name, value)
    batch = _batch.get()
    if batch is not None and id(instance) in batch.kept:
        clean_texts(instance)
        try:
            batch.clean(instance, again=True)
        except ValidationError as error:
            raise ImportProblem(*_problems(error, where)) from None
        return
    validate_row(instance, where)
    type(instance)._default_manager.filter(pk=instance.pk).update(**values)


def relate(instance, name: str, targets) -> None:
    """`instance.<name>.set(targets)` for a many-to-many field, written with the batch."""
    batch = _batch.get()
    if batch is None:
        getattr(instance, name).set(targets)
    else:
        batch.links.append((instance, name, list(dict.fromkeys(targets))))


def set_later(instance, **values) -> None:
    """Set fields of a row already given to `save_row` (a link that would make a cycle, the
    head of a unit among its employees), as `save(update_fields=…)` would: written once the
    batch's rows are in, with their historical record."""
    batch = _batch.get()
    if batch is None or instance.pk is not None:
        for name, value in values.items():
            setattr(instance, name, value)
        instance.save(update_fields=list(values))
        return
    batch.updates.append((instance, values))


class _Batch:
    def __init__(self, owned):
        self.owned = {id(row) for row in owned}
        self.pending: dict[type, list] = {}  # model → rows to write, in the order given
        self.kept: set[int] = set()  # ids of the rows waiting in `pending`
        self.written: set[int] = set()  # ids of the rows written (owned by the import too)
        self.unique: dict[tuple, set] = {}  # (model, fields) → the values the batch holds
        self.links: list[tuple] = []
        self.updates: list[tuple] = []

    def add(self, instance) -> None:
        self.pending.setdefault(type(instance), []).append(instance)
        self.kept.add(id(instance))

    # -- validation: Model.full_clean without a query --

    def _owned(self, related) -> bool:
        key = id(related)
        return key in self.owned or key in self.written or key in self.kept

    def _links(self, instance) -> dict[str, object]:
        """The rows the instance links to, by field name, when already at hand."""
        found = {}
        for field in instance._meta.concrete_fields:
            if field.many_to_one or field.one_to_one:
                related = field.get_cached_value(instance, None)
                if related is not None:
                    found[field.name] = related
        return found

    def clean(self, instance, *, again: bool = False) -> None:
        """Model.full_clean (clean_fields, clean, unique checks, constraints, in this order and
        with its messages), minus the queries: a link to a row at hand needs no check that the
        row exists, and the unique checks and check constraints are worked out in memory.
        `again`: a row of the batch validated anew (its unique values already counted)."""
        links = self._links(instance)
        owner = getattr(instance, "organization_from", None)
        if owner in links:  # the ente of the row it belongs to, written or not (OrganizationOwned)
            parent = links[owner]
            if parent._meta.get_field("organization").is_cached(parent):
                instance.organization = parent.organization
            else:
                instance.organization_id = parent.organization_id
        elif owner is not None:
            instance.take_organization()
        links = self._links(instance)
        errors: dict = {}
        try:
            instance.clean_fields(exclude=set(links))
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        try:
            with _placeholders(instance, links):
                instance.clean()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        exclude = {name for name in errors if name != NON_FIELD_ERRORS}
        try:
            if not again:
                self._validate_unique(instance, exclude, links)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        exclude |= {name for name in errors if name != NON_FIELD_ERRORS}
        try:
            self._validate_constraints(instance, exclude, links, again)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def _key(self, instance, names, links) -> tuple | None:
        """The values of `names`, a linked row by identity; None if one is null (no check)."""
        values = []
        for name in names:
            field = instance._meta.get_field(name)
            if name in links:
                values.append(("row", id(links[name])))
                continue
            value = getattr(instance, field.attname)
            if value is None:
                return None
            values.append(value)
        return tuple(values)

    def _in_batch(self, instance, names, links) -> bool:
        """Whether the batch alone holds every row a check compares with: it names a row that
        the import creates."""
        return any(name in links and self._owned(links[name]) for name in names)

    def _taken(self, instance, model, names, links, condition=None) -> bool:
        """Whether another row already has these values (noting them for the next rows)."""
        key = self._key(instance, names, links)
        if key is None:
            return False
        if condition is not None and _holds(condition, instance) is not True:
            return False
        seen = self.unique.setdefault((model, tuple(names)), set())
        if key in seen:
            return True
        seen.add(key)
        if self._in_batch(instance, names, links):
            return False
        lookups = {
            name: links[name] if name in links else getattr(instance, instance._meta.get_field(name).attname)
            for name in names
        }
        rows = model._default_manager.filter(**lookups)
        return (rows.filter(condition) if condition is not None else rows).exists()

    def _validate_unique(self, instance, exclude, links) -> None:
        unique_checks, _ = instance._get_unique_checks(exclude=exclude)
        errors: dict = {}
        for model, names in unique_checks:
            if any(instance._meta.get_field(name).primary_key for name in names):
                continue  # a new row: Django skips its primary key too
            if self._taken(instance, model, names, links):
                key = names[0] if len(names) == 1 else NON_FIELD_ERRORS
                errors.setdefault(key, []).append(instance.unique_error_message(model, names))
        if errors:
            raise ValidationError(errors)

    def _validate_constraints(self, instance, exclude, links, again=False) -> None:
        errors: dict = {}
        for model, constraints in instance.get_constraints():
            for constraint in constraints:
                if again and isinstance(constraint, models.UniqueConstraint):
                    continue
                try:
                    self._check(instance, model, constraint, exclude, links)
                except ValidationError as error:
                    if (
                        getattr(error, "code", None) == "unique"
                        and len(getattr(constraint, "fields", ())) == 1
                    ):
                        errors.setdefault(constraint.fields[0], []).append(error)
                    else:
                        errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def _check(self, instance, model, constraint, exclude, links) -> None:
        """One constraint as Django's own validate() would see it, in memory when it can."""
        if isinstance(constraint, models.CheckConstraint):
            names = _fields_of_q(constraint.condition)
            if names is not None and not names & exclude:
                if _holds(constraint.condition, instance) is False:
                    raise ValidationError(
                        constraint.get_violation_error_message(), code=constraint.violation_error_code
                    )
                return
        elif (
            isinstance(constraint, models.UniqueConstraint)
            and constraint.fields
            and not constraint.expressions
            and not constraint.include
            and not constraint.opclasses
            and constraint.nulls_distinct is not False
            and (constraint.condition is None or _fields_of_q(constraint.condition) is not None)
        ):
            if set(constraint.fields) & exclude:
                return
            if constraint.condition is not None and _fields_of_q(constraint.condition) & exclude:
                return
            if self._taken(instance, model, list(constraint.fields), links, constraint.condition):
                if constraint.condition is None and (
                    constraint.violation_error_message == constraint.default_violation_error_message
                ):
                    # Django's own message for a constraint on fields (UniqueConstraint.validate).
                    message = instance.unique_error_message(model, list(constraint.fields))
                    raise ValidationError(message, code=message.code)
                raise ValidationError(
                    constraint.get_violation_error_message(), code=constraint.violation_error_code
                )
            return
        constraint.validate(model, instance, exclude=exclude)  # not one of the shapes above

    # -- writing --

    def write(self) -> None:
        """Every kept row, kind by kind in the order first given, each row after the rows it
        links to (a unit after its parent unit): one INSERT per kind and level."""
        from .history import bulk_create_tracked, record_versions

        waiting = {id(row) for rows in self.pending.values() for row in rows}
        while self.pending:
            progressed = False
            for model in list(self.pending):
                rows = self.pending[model]
                ready = [row for row in rows if not any(id(r) in waiting for r in self._links(row).values())]
                if not ready:
                    continue
                for row in ready:  # the ids of the rows linked to, written since
                    row._prepare_related_fields_for_save(operation_name="bulk_create")
                bulk_create_tracked(model, ready)
                ids = {id(row) for row in ready}
                waiting -= ids
                self.kept -= ids
                self.written |= ids
                left = [row for row in rows if id(row) not in ids]
                if left:
                    self.pending[model] = left
                else:
                    del self.pending[model]
                progressed = True
            if not progressed:
                raise RuntimeError("Righe dell'importazione collegate in un ciclo.")
        links, self.links = self.links, []
        through_rows: dict[type, list] = {}
        for instance, name, targets in links:
            field = instance._meta.get_field(name)
            through = field.remote_field.through
            source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
            through_rows.setdefault(through, []).extend(
                through(**{source: instance, target: other}) for other in targets
            )
        for through, rows in through_rows.items():
            through._default_manager.bulk_create(rows)
        updates, self.updates = self.updates, []
        changed: dict[type, tuple[list, set]] = {}
        for instance, values in updates:
            for name, value in values.items():
                setattr(instance, name, value)
            rows, names = changed.setdefault(type(instance), ([], set()))
            rows.append(instance)
            names.update(values)
        for model, (rows, names) in changed.items():
            model._default_manager.bulk_update(rows, sorted(names))
            record_versions(rows)


@contextmanager
def _placeholders(instance, links):
    """A link to a row not yet written looks set to the row's clean() (`if self.process_id:`),
    with an id no row has; the linked row itself is the one at hand."""
    unset = {}
    for name, related in links.items():
        attname = instance._meta.get_field(name).attname
        if related.pk is None and instance.__dict__.get(attname) is None:
            unset[attname] = -id(related)
    # Written past the descriptor, which would forget the linked row.
    instance.__dict__.update(unset)
    try:
        yield
    finally:
        for attname in unset:
            instance.__dict__[attname] = None


# A check constraint worked out in memory, with SQL's three values (None: unknown, which a
# CHECK lets pass), for the lookups the models use; any other shape goes to the database.
_COMPARE = {
    "exact": lambda a, b: a == b,
    "gt": lambda a, b: a > b,
    "gte": lambda a, b: a >= b,
    "lt": lambda a, b: a < b,
    "lte": lambda a, b: a <= b,
    "in": lambda a, b: a in b,
}


class _Unsupported(Exception):
    pass


def _fields_of_q(condition) -> set | None:
    """The fields a Q names, or None if it has a shape `_holds` does not work out."""
    names: set = set()
    try:
        _walk(condition, names)
    except _Unsupported:
        return None
    return names


def _walk(condition, names: set) -> None:
    from django.db.models import F, Q
    from django.db.models.expressions import Value

    for child in condition.children:
        if isinstance(child, Q):
            _walk(child, names)
            continue
        lookup, value = child
        parts = lookup.split("__")
        if len(parts) > 2 or (len(parts) == 2 and parts[1] not in (*_COMPARE, "isnull")):
            raise _Unsupported
        names.add(parts[0])
        for side in _operands(value):
            if isinstance(side, F):
                if "__" in side.name:
                    raise _Unsupported
                names.add(side.name)
            elif hasattr(side, "resolve_expression") and not isinstance(side, Value):
                raise _Unsupported


def _operands(value) -> list:
    from django.db.models.expressions import CombinedExpression

    if isinstance(value, CombinedExpression):
        if value.connector not in ("+", "-"):
            raise _Unsupported
        return [*_operands(value.lhs), *_operands(value.rhs)]
    return [value]


def _attribute(instance, name: str):
    """A field's value; a link to a row at hand not yet written counts as set."""
    field = instance._meta.get_field(name)
    value = getattr(instance, field.attname)
    if value is None and field.is_relation and field.get_cached_value(instance, None) is not None:
        return ("row", id(field.get_cached_value(instance)))
    return value


def _value(instance, value):
    from django.db.models import F
    from django.db.models.expressions import CombinedExpression, Value

    if isinstance(value, F):
        return _attribute(instance, value.name)
    if isinstance(value, Value):
        return value.value
    if isinstance(value, CombinedExpression):
        left, right = _value(instance, value.lhs), _value(instance, value.rhs)
        if left is None or right is None:
            return None
        return left + right if value.connector == "+" else left - right
    return value


def _holds(condition, instance) -> bool | None:
    """Whether a row meets the Q, as SQL would say: True, False or None (unknown)."""
    from django.db.models import Q

    results = []
    for child in condition.children:
        if isinstance(child, Q):
            results.append(_holds(child, instance))
            continue
        lookup, expected = child
        name, _, kind = lookup.partition("__")
        actual = _attribute(instance, name)
        expected = _value(instance, expected)
        if kind == "isnull":
            results.append((actual is None) == bool(expected))
        elif kind in ("", "exact") and expected is None:
            results.append(actual is None)
        elif actual is None or expected is None:
            results.append(None)
        else:
            results.append(_COMPARE[kind or "exact"](actual, expected))
    if condition.connector == Q.AND:
        result = False if False in results else (None if None in results else True)
    else:
        result = True if True in results else (None if None in results else False)
    if condition.negated and result is not None:
        result = not result
    return result


class _Skipped:
    """Marks a key whose row was refused: rows naming it are skipped without a second message."""

    def __repr__(self) -> str:
        return "SKIPPED"


SKIPPED = _Skipped()


def lookup(mapping: dict, key, where: str, what: str):
    if key in (None, ""):
        return None
    try:
        found = mapping.get(key)
    except TypeError:  # a list or an object where a code is expected
        raise ImportProblem(f"{where}: atteso un codice ({what}), trovato {_kind(key)}.") from None
    if found is SKIPPED:
        raise ImportProblem()
    if found is None:
        raise ImportProblem(f"{where}: {what} {show(key)} non presente nel documento.")
    return found
