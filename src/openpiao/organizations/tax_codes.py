"""Check digits of Italian tax identifiers. Pure functions, no Django.

- Partita IVA and the numeric codice fiscale of enti (11 digits): the last digit is a
  Luhn-style check on the first ten (art. 51 DPR 633/1972; DM 23 dicembre 1976).
- Codice fiscale of a person (16 characters): the last letter is the check character of
  the DM 12 marzo 1974 (odd and even position tables).
"""

import re

_ODD_VALUES = {
    **dict(zip("0123456789", [1, 0, 5, 7, 9, 13, 15, 17, 19, 21], strict=True)),
    **dict(
        zip(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
            [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23],
            strict=True,
        )
    ),
}
# ASCII digits only: str.isdigit() also accepts «²» and other scripts' digits, which int() refuses.
_ELEVEN_DIGITS = re.compile(r"[0-9]{11}")
_PERSON_CODE = re.compile(
    r"^[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-EHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$"
)


def _even_value(char: str) -> int:
    return int(char) if char.isdigit() else ord(char) - ord("A")


def eleven_digit_check_digit(first_ten: str) -> int:
    """Check digit of an 11-digit partita IVA / numeric codice fiscale."""
    total = 0
    for position, char in enumerate(first_ten, start=1):
        digit = int(char)
        if position % 2 == 0:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return (10 - total % 10) % 10


def is_valid_partita_iva(value: str) -> bool:
    value = value.strip()
    return bool(_ELEVEN_DIGITS.fullmatch(value)) and eleven_digit_check_digit(value[:10]) == int(value[10])


def person_check_character(first_fifteen: str) -> str:
    total = sum(
        _ODD_VALUES[char] if position % 2 else _even_value(char)
        for position, char in enumerate(first_fifteen, start=1)
    )
    return chr(ord("A") + total % 26)


def is_valid_person_code(value: str) -> bool:
    """A person's codice fiscale (16 characters, upper case, with its check character)."""
    return bool(_PERSON_CODE.match(value)) and person_check_character(value[:15]) == value[15]


def is_valid_codice_fiscale(value: str) -> bool:
    """An ente's numeric codice fiscale (11 digits) or a person's (16 characters)."""
    value = value.strip().upper()
    if len(value) == 11:
        return is_valid_partita_iva(value)
    return bool(_PERSON_CODE.match(value)) and person_check_character(value[:15]) == value[15]
