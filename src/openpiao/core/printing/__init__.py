"""The print building blocks and renderers every app prints with (the PIAO, the Relazione
sulla performance, the Relazione del RPCT).

`blocks.py` is a neutral tree of blocks; `render_docx.py` (python-docx) and `render_pdf.py`
(Typst, with the template `print.typ`) turn it into DOCX and tagged PDF/A-3a;
`richtext.py` reads the marks of the ente's own texts; `common.py` lays out what several
documents print the same way; `formats.py` names the two formats. They know nothing of the
plan: the apps build the blocks from their own rows.
"""
