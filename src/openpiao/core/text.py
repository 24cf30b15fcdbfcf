"""Text as the product stores it: what a paste from Word or a hand-made file may carry, made safe.

Word's Shift+Enter is a vertical tab (U+000B), a page break a form feed; XML 1.0 (DOCX, the
PDF's tagged structure) forbids every C0 control but tab and newline, and PostgreSQL refuses
NUL. Line-break-like controls become a newline, the other controls and the Unicode
non-characters are dropped. No Django import: forms and imports both call `clean_text`.
"""

import re

# CRLF first, so it becomes one newline and not two.
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
# U+FFFE and U+FFFF of every plane (U+FFFE, U+1FFFE, … U+10FFFF) are non-characters.
_PLANE_ENDS = "".join(chr(plane * 0x10000 + end) for plane in range(17) for end in (0xFFFE, 0xFFFF))
_DROPPED = re.compile(
    "["
    "\x00-\x08\x0e-\x1f\x7f"  # C0 controls but tab and newline (CR, VT and FF are breaks), DEL
    "\x80-\x84\x86-\x9f"  # C1 controls but NEL (a break)
    "\ud800-\udfff"  # lone surrogates (a JSON "\\ud800" escape): no encoding can store them
    "\ufdd0-\ufdef"  # non-characters
    f"{_PLANE_ENDS}"
    "]"
)


_CHANGED = re.compile(f"{_LINE_BREAKS.pattern}|{_DROPPED.pattern}")


def clean_text(value: str) -> str:
    """`value` with line-break-like characters as "\\n" and forbidden characters removed
    (`value` itself when there is nothing to change)."""
    if not _CHANGED.search(value):
        return value
    return _DROPPED.sub("", _LINE_BREAKS.sub("\n", value))
