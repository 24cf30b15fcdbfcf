"""core.spreadsheets.put: no text written to a workbook comes back as a formula."""

from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook

from openpiao.core.spreadsheets import put


@pytest.mark.parametrize(
    ("value", "data_type", "quoted"),
    [
        ("=1+1", "s", True),
        ('=HYPERLINK("http://example.invalid","x")', "s", True),
        ("+39 0382 1234", "s", True),
        ("-5%", "s", True),
        ("@SUM(A1)", "s", True),
        ("\t=1", "s", True),
        ("\r=1", "s", True),
        ("Comune di Casorate Primo", "s", False),
        ("1 = 1", "s", False),
        (3, "n", False),
        (None, "n", False),
    ],
)
def test_put_keeps_text_as_text(value, data_type, quoted):
    workbook = Workbook()
    put(workbook.active, 1, 1, value)
    buffer = BytesIO()
    workbook.save(buffer)
    cell = load_workbook(buffer).active["A1"]
    assert (cell.value, cell.data_type, bool(cell.quotePrefix)) == (value, data_type, quoted)
