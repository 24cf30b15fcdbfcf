"""The layers of docs/design.md hold: an app imports only the apps below it, and never hides an
import of another app inside a function (where a reader of the module's head cannot see it).

The direction is the import-linter contract of pyproject.toml ([tool.importlinter]); the
hidden imports are found by reading every module's syntax tree.
"""

import ast
import importlib
from pathlib import Path

import pytest
from importlinter.cli import lint_imports

from openpiao.core.registry import Registry, exchange_sections

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "openpiao"


def _module(path: Path) -> str:
    return ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")


def test_every_app_imports_only_the_layers_below_it():
    assert lint_imports(str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True) == 0


def test_every_module_imports():
    """What moved between apps left no module importing it from its old place."""
    broken = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        try:
            importlib.import_module(_module(path))
        except Exception as error:
            broken[_module(path)] = repr(error)
    assert broken == {}


def _app(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "openpiao" and len(parts) > 1 else None


def _imported(node: ast.Import | ast.ImportFrom, module: str, is_package: bool) -> list[str]:
    """The absolute names an import statement of `module` reads."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        package = module.split(".")[: len(module.split(".")) - node.level + (1 if is_package else 0)]
        base = ".".join([*package, base] if base else package)
    if node.module is None or base == "openpiao":  # from . import x, from openpiao import x
        return [f"{base}.{alias.name}" for alias in node.names]
    return [base]


def function_level_imports_between_apps(source: str, module: str, is_package: bool = False) -> list[str]:
    """`line: name` of every import of another openpiao app made inside a function body."""
    found = []
    for function in ast.walk(ast.parse(source)):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.Import | ast.ImportFrom):
                for name in _imported(node, module, is_package):
                    if _app(name) not in (None, _app(module)):
                        found.append(f"{node.lineno}: {name}")
    return sorted(set(found))


@pytest.mark.parametrize(
    ("source", "module", "found"),
    [
        (
            "def f():\n    from openpiao.risk.selectors import x\n",
            "openpiao.documents.parts.a",
            ["2: openpiao.risk.selectors"],
        ),
        (
            "def f():\n    import openpiao.risk.models\n",
            "openpiao.documents.views",
            ["2: openpiao.risk.models"],
        ),
        ("def f():\n    from openpiao import risk\n", "openpiao.documents.views", ["2: openpiao.risk"]),
        ("def f():\n    from ...risk import selectors\n", "openpiao.documents.parts.a", ["2: openpiao.risk"]),
        (
            "class A:\n    def f(self):\n        from openpiao.plans.models import P\n",
            "openpiao.core.b",
            ["3: openpiao.plans.models"],
        ),
        ("def f():\n    from .models import x\n", "openpiao.risk.views", []),
        ("def f():\n    from . import exchange\n", "openpiao.risk.apps", []),
        ("def f():\n    from ..blocks import x\n", "openpiao.core.printing.common", []),
        ("def f():\n    from docx import Document\n", "openpiao.core.printing.render_docx", []),
        ("from openpiao.risk.models import x\n", "openpiao.documents.views", []),
    ],
)
def test_the_check_finds_imports_of_other_apps_in_functions(source, module, found):
    assert function_level_imports_between_apps(source, module) == found


def test_no_app_imports_another_inside_a_function():
    hidden = {
        str(path.relative_to(ROOT)): found
        for path in sorted(PACKAGE.rglob("*.py"))
        if (
            found := function_level_imports_between_apps(
                path.read_text(encoding="utf-8"),
                _module(path),
                is_package=path.name == "__init__.py",
            )
        )
    }
    assert hidden == {}


def test_the_plan_document_reads_the_units_before_the_sections_that_name_them():
    assert exchange_sections.names() == [
        "organization_chart",
        "performance",
        "evaluation",
        "human_capital",
        "risk",
        "transparency",
        "documents",
    ]


def test_a_registry_gives_each_position_to_one_contribution():
    registry = Registry("prova")
    registry.register("b", "B", position=20)
    registry.register("a", "A", position=10)
    registry.register("b", "B2", position=20)  # the same app registering again replaces itself
    assert registry.names() == ["a", "b"] and list(registry) == ["A", "B2"]
    with pytest.raises(ValueError, match="posizione 10"):
        registry.register("c", "C", position=10)
