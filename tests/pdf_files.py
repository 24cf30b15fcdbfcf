"""What a test reads of a PDF file: its PDF/A identification, from the XMP metadata."""

import re
import subprocess
from pathlib import Path
from xml.etree import ElementTree

PDFAID = "http://www.aiim.org/pdfa/ns/id/"


def pdfa_identification(path: Path) -> tuple[str, str]:
    """(part, conformance) as the XMP declares them, written as attributes or as elements."""
    meta = subprocess.run(["pdfinfo", "-meta", str(path)], capture_output=True, text=True, check=True).stdout
    root = ElementTree.fromstring(re.sub(r"<\?xpacket[^>]*\?>", "", meta).strip())
    found = {}
    for element in root.iter():
        for name in ("part", "conformance"):
            value = element.get(f"{{{PDFAID}}}{name}")
            if element.tag == f"{{{PDFAID}}}{name}":
                value = element.text
            if value:
                found[name] = value.strip()
    return found.get("part", ""), found.get("conformance", "")
