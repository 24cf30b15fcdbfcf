"""The codice fiscale read from a SPID/CIE claim (a table of real shapes)."""

import pytest

from openpiao.accounts.claims import tax_code_from_claim

CODE = "RSSMRA85T10A562S"  # a well-formed codice fiscale (check character S)


@pytest.mark.parametrize(
    ("claim", "expected"),
    [
        (f"TINIT-{CODE}", CODE),  # SPID and CIE: ETSI EN 319 412-1, «TIN» + country
        (CODE, CODE),  # a proxy that strips the prefix itself
        (f"tinit-{CODE.lower()}", CODE),  # case does not matter
        (f"  TINIT-{CODE} ", CODE),
        (f"TINFR-{CODE}", None),  # another country's tax number names nobody here
        ("TINIT-RSSMRA85T10A562X", None),  # wrong check character
        ("TINIT-12345678901", None),  # an ente's numeric code, not a person's
        ("", None),
        (None, None),
        (["TINIT-" + CODE], None),
    ],
)
def test_the_codice_fiscale_of_a_claim(claim, expected):
    assert tax_code_from_claim(claim) == expected
