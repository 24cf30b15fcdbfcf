"""clean_text: what a paste from Word or a hand-made file may carry, made safe to store and print."""

import pytest

from openpiao.core.text import clean_text


@pytest.mark.parametrize(
    "value, expected",
    [
        ("Obiettivo di miglioramento", "Obiettivo di miglioramento"),
        ("", ""),
        ("Perché è già così: «più» – €", "Perché è già così: «più» – €"),
        ("prima\nseconda", "prima\nseconda"),
        ("colonna\tcolonna", "colonna\tcolonna"),
        ("prima\x0bseconda", "prima\nseconda"),  # Word's Shift+Enter
        ("pagina\x0cnuova", "pagina\nnuova"),  # form feed (a page break)
        ("riga\r\nriga", "riga\nriga"),  # a browser's textarea
        ("riga\rriga", "riga\nriga"),
        ("riga\r\n\r\nriga", "riga\n\nriga"),
        ("riga\u2028riga\u2029riga\x85riga", "riga\nriga\nriga\nriga"),
        ("a\x00b", "ab"),
        ("a\x01b\x02c\x07d\x08e", "abcde"),
        ("a\x0eb\x1bc\x1fd", "abcd"),
        ("a\x7fb", "ab"),
        ("a\x80b\x9fc", "abc"),
        ("a\ufffeb\uffffc", "abc"),
        ("a\ufdd0b\ufdefc", "abc"),
        ("a\U0001fffeb\U0010ffffc", "abc"),
        ("a\ud800b\udfffc", "abc"),  # lone surrogates, as json.loads('"\\ud800"') gives
        ("emoji 😀 e ideogrammi 漢字", "emoji 😀 e ideogrammi 漢字"),
        ("\ufffd sostituzione", "\ufffd sostituzione"),  # the replacement character is a character
        ("  spazi  ", "  spazi  "),  # stripping is the field's business
    ],
)
def test_clean_text(value, expected):
    assert clean_text(value) == expected


def test_clean_text_is_idempotent():
    dirty = "".join(chr(n) for n in range(0x00, 0xA0)) + "\ufffe\uffff\u2028\u2029"
    once = clean_text(dirty)
    assert clean_text(once) == once
