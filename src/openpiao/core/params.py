"""Whole numbers a request carries as text: ids and months in a query string, ids in hidden fields.

`str.isdigit()` and `int()` accept more than a page ever sends («²», «١٢», «1_000», « 7»), and
a hand-edited address may carry numbers no database column holds (PostgreSQL's bigint
overflows). Anything but plain digits within the bounds is ignored, as if it were absent.
"""

import re

BIGINT_MAX = 2**63 - 1  # the largest id a BigAutoField holds
_DIGITS = re.compile(r"[0-9]{1,19}")


def parse_int(text: str | None, *, minimum: int = 1, maximum: int = BIGINT_MAX) -> int | None:
    """`text` as a whole number between `minimum` and `maximum` (default: an id), or None."""
    if not isinstance(text, str) or not _DIGITS.fullmatch(text):
        return None
    value = int(text)
    return value if minimum <= value <= maximum else None


def query_int(request, name: str, **bounds) -> int | None:
    """The query-string parameter `name` read by `parse_int` (None when missing or bad)."""
    return parse_int(request.GET.get(name), **bounds)
