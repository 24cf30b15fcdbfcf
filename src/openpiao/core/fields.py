"""Free text with a ceiling, on the models and in every form.

Every text of a plan is printed, and anyone who can read the plan can print it: a text with no
limit (a 200,000-character section text took 19 s as PDF, a 53 MB one never finished) makes a
print unbounded. The printed length grows with the characters and with the line breaks (a line
of one character still takes a printed line), so both are capped. Django's TextField passes
`max_length` only to its form field; `BoundedTextField` also validates it in `full_clean`, so
the JSON import refuses what the forms refuse, with the same Italian message.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.deconstruct import deconstructible

from .formatting import it_number

# A description, a note, a motivation: about three printed pages.
TEXT_MAX_LENGTH = 10_000
# On average at least 20 characters a line: 500 lines for an ordinary text.
CHARACTERS_PER_LINE = 20


def max_lines_for(max_length: int) -> int:
    return max(max_length // CHARACTERS_PER_LINE, 50)


@deconstructible
class MaxLinesValidator:
    """At most `limit` lines."""

    def __init__(self, limit: int):
        self.limit = limit

    def __call__(self, value) -> None:
        lines = len(str(value).splitlines())
        if lines > self.limit:
            raise ValidationError(
                f"Il testo ha {it_number(lines)} righe: al massimo {it_number(self.limit)}, "
                "perché la stampa del piano resti leggibile e rapida.",
                code="max_lines",
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, MaxLinesValidator) and other.limit == self.limit


def text_validators(max_length: int) -> list:
    return [MaxLengthValidator(max_length), MaxLinesValidator(max_lines_for(max_length))]


class BoundedTextField(models.TextField):
    """A TextField whose length (characters and lines) `full_clean` checks, as the forms do."""

    def __init__(self, *args, max_length: int = TEXT_MAX_LENGTH, **kwargs):
        super().__init__(*args, max_length=max_length, **kwargs)
        self.validators.extend(text_validators(self.max_length))
