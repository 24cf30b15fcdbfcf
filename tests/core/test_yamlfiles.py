"""core.yamlfiles: libyaml's parser when PyYAML has it, the pure-Python one otherwise, the same data."""

import importlib
from datetime import date

import yaml

from openpiao.core import yamlfiles
from openpiao.demo.loader import demo_folders

TEXT = "ente: Comune di Casorate Primo\ndal: 2024-01-30\nquote: [50, 12.5, sì]\n---\naltro: null\n"


def test_the_c_parser_reads_what_the_safe_loader_reads():
    if yaml.__with_libyaml__:
        assert yamlfiles.SafeLoader is yaml.CSafeLoader
    assert yamlfiles.load(TEXT.split("---")[0]) == {
        "ente": "Comune di Casorate Primo",
        "dal": date(2024, 1, 30),
        "quote": [50, 12.5, "sì"],
    }
    assert yamlfiles.load_all(TEXT) == list(yaml.safe_load_all(TEXT))
    for path in sorted(demo_folders()[0].glob("*.yaml")):
        assert yamlfiles.load(path.read_text(encoding="utf-8")) == yaml.safe_load(path.read_text("utf-8"))


def test_without_libyaml_the_python_parser_reads(monkeypatch):
    monkeypatch.delattr(yaml, "CSafeLoader")
    try:
        fallback = importlib.reload(yamlfiles)
        assert fallback.SafeLoader is yaml.SafeLoader
        assert fallback.load_all(TEXT) == list(yaml.safe_load_all(TEXT))
    finally:
        monkeypatch.undo()
        importlib.reload(yamlfiles)
