"""The codice fiscale in the claims of a SPID or CIE identity. Pure functions, no Django.

SPID and CIE give the person's codice fiscale as the identifier of ETSI EN 319 412-1:
«TIN» (tax identification number), the country, a hyphen, then the code: «TINIT-RSSMRA…».
Only an Italian codice fiscale names a person of the enti; another country's number does not.
"""

import re

from openpiao.organizations.tax_codes import is_valid_person_code

_TIN_PREFIX = re.compile(r"^TIN([A-Z]{2})-")


def tax_code_from_claim(value: object) -> str | None:
    """The person's codice fiscale from the claim's `value` («TINIT-…» or the bare code), upper
    case; None when there is none, it is another country's, or its check character is wrong."""
    if not isinstance(value, str):
        return None
    code = value.strip().upper()
    prefix = _TIN_PREFIX.match(code)
    if prefix:
        if prefix.group(1) != "IT":
            return None
        code = code[prefix.end() :]
    return code if is_valid_person_code(code) else None
