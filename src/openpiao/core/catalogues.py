"""Reference catalogues: one file format and one loader for the legal tables the product reads.

Every catalogue is a YAML file in `src/openpiao/reference_data/` (settings.REFERENCE_DATA_DIR)
that opens with its header and then holds its tables (see the folder's README):

    key: aree-rischio-pna             # the catalogue's stable name
    title: Aree di rischio corruttivo (PNA)
    version: "2026.11"                # changed with every change of content
    valid_from: 2022                  # the first year of the trienni it governs
    valid_to: null                    # the last one (null: still in force)
    source: where the rows were read (norms, documents, data sets)
    license: the licence of the data
    areas:                            # a table: a list of rows, each with its stable identifier
      - {codice_app: AG01, area: Acquisizione e gestione del personale, ...}
    ...                               # anything else the rules read (terms, due dates, columns)

`read_catalogue` reads a file once per process and checks it (the header; each table named by
the caller a list of rows with a unique identifier), with decimals read as Decimal so that no
legal figure passes through a float. `upsert` writes a table into its model matched on the
identifier, `record_version` records which version is loaded (a CatalogueVersion model): the
apps run them after every `migrate`, so a new version of a file is a data change, not a migration.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

import yaml
from django.conf import settings

from . import yamlfiles

HEADER = ("key", "title", "version", "source", "license")


class CatalogueError(ValueError):
    """A reference file that cannot be loaded: the message names the file and the problem."""


@dataclass(frozen=True)
class Table:
    """A table of a catalogue: its name in the file and the column that identifies a row."""

    name: str
    key: str


class _Loader(yamlfiles.SafeLoader):
    """YAML with decimals as Decimal ("26.9" is 26,9%, never 26.899999…)."""


def _decimal(loader, node) -> Decimal:
    text = loader.construct_scalar(node)
    try:
        return Decimal(text.replace("_", ""))
    except InvalidOperation:
        raise CatalogueError(f"numero non valido: «{text}».") from None


_Loader.add_constructor("tag:yaml.org,2002:float", _decimal)


def catalogue_path(name: str) -> Path:
    return Path(settings.REFERENCE_DATA_DIR) / name


@cache
def _parsed(path: Path) -> dict:
    with open(path, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_Loader)  # a SafeLoader that reads decimals as Decimal


def read_catalogue(name: str, *tables: Table) -> dict:
    """The catalogue file `name`, checked: its header and the rows of `tables`.

    Read once per process and per folder (the data do not change while the product runs; a
    test pointing REFERENCE_DATA_DIR elsewhere reads its own copy). The dict is shared: never
    change it.
    """
    data = _parsed(catalogue_path(name))
    if not isinstance(data, dict):
        raise CatalogueError(f"{name}: il file non è un catalogo (manca l'intestazione).")
    for field in HEADER:
        if not isinstance(data.get(field), str) or not data[field].strip():
            raise CatalogueError(f"{name}: manca «{field}» nell'intestazione.")
    _check_validity(name, data)
    for table in tables:
        rows = data.get(table.name)
        if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
            raise CatalogueError(f"{name}: la tabella «{table.name}» deve essere un elenco di righe.")
        seen = set()
        for n, row in enumerate(rows, start=1):
            identifier = row.get(table.key)
            if identifier in (None, ""):
                raise CatalogueError(f"{name}: la riga {n} di «{table.name}» non ha «{table.key}».")
            if identifier in seen:
                raise CatalogueError(f"{name}: «{table.key}» {identifier} ripetuto in «{table.name}».")
            seen.add(identifier)
    return data


def _check_validity(name: str, data: dict) -> None:
    """`valid_from` (a year) and `valid_to` (a year not before it, or null while in force)."""
    start, end = data.get("valid_from"), data.get("valid_to", "missing")
    if not isinstance(start, int) or isinstance(start, bool):
        raise CatalogueError(f"{name}: manca «valid_from» (anno) nell'intestazione.")
    if end == "missing":
        raise CatalogueError(f"{name}: manca «valid_to» (anno, o null se in vigore) nell'intestazione.")
    if end is not None and (not isinstance(end, int) or isinstance(end, bool) or end < start):
        raise CatalogueError(f"{name}: «valid_to» deve essere un anno non anteriore a «valid_from», o null.")


def header(catalogue: dict) -> dict:
    """What a CatalogueVersion records of a catalogue (its source on one line)."""
    return {
        "title": catalogue["title"],
        "version": catalogue["version"],
        "valid_from": catalogue["valid_from"],
        "valid_to": catalogue["valid_to"],
        "source": " ".join(catalogue["source"].split()),
        "license": catalogue["license"],
    }


def upsert(
    model,
    rows: Iterable[dict],
    *,
    key: str,
    values: Callable[[dict, int], dict],
    field: str = "code",
    match: dict | None = None,
    prune: bool = False,
) -> dict:
    """Write `rows` into `model`, each matched on its identifier (`row[key]` in `field`, within
    `match`), with the fields `values(row, order)` (order from 1, in file order). `prune`
    deletes the rows the file no longer lists. Returns the saved rows by identifier."""
    saved = {}
    for order, row in enumerate(rows, start=1):
        saved[row[key]], _ = model.objects.update_or_create(
            **{field: row[key]}, **(match or {}), defaults=values(row, order)
        )
    if prune:
        model.objects.filter(**(match or {})).exclude(**{f"{field}__in": list(saved)}).delete()
    return saved


def record_version(model, catalogue: dict, **extra) -> None:
    """Record in `model` (a core.models.CatalogueVersion) which version of `catalogue` is loaded."""
    model.objects.update_or_create(key=catalogue["key"], defaults={**header(catalogue), **extra})
