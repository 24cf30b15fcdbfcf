import pytest

from openpiao.organizations.tax_codes import (
    eleven_digit_check_digit,
    is_valid_codice_fiscale,
    is_valid_partita_iva,
    person_check_character,
)


@pytest.mark.parametrize(
    "value, valid",
    [
        ("00468580188", True),  # Comune di Casorate Primo, as printed in its PIAO
        ("00468580189", False),  # last digit changed
        ("00468580180", False),
        ("0046858018", False),  # ten digits
        ("004685801881", False),  # twelve digits
        ("0046858018A", False),
        ("00000000000", True),  # all zeros passes the check digit (and is the neutral value)
        ("", False),
    ],
)
def test_partita_iva(value, valid):
    assert is_valid_partita_iva(value) is valid


@pytest.mark.parametrize(
    "value, valid",
    [
        ("00468580188", True),  # numeric codice fiscale of an ente
        ("RSSMRA85T10A562S", True),  # textbook personal codice fiscale
        ("rssmra85t10a562s", True),  # case does not matter
        ("RSSMRA85T10A562T", False),  # wrong check character
        ("RSSMRA85T10A56", False),  # too short
        ("RSSMRA85Z10A562S", False),  # Z is not a month letter
        ("00468580189", False),
    ],
)
def test_codice_fiscale(value, valid):
    assert is_valid_codice_fiscale(value) is valid


def test_check_digit_of_casorate():
    assert eleven_digit_check_digit("0046858018") == 8


def test_person_check_character():
    assert person_check_character("RSSMRA85T10A562") == "S"
