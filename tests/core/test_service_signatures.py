"""Every service takes plain, typed data by keyword: never a form, so that the pages, the
importers and an API call the same writes."""

import inspect
from importlib import import_module
from pathlib import Path

import pytest
from django import forms

import openpiao

APPS = sorted(path.parent.name for path in Path(openpiao.__file__).parent.glob("*/services.py"))


def _services():
    for app in APPS:
        module = import_module(f"openpiao.{app}.services")
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ == module.__name__ and not name.startswith("_"):
                yield f"{app}.services.{name}", function


SERVICES = dict(_services())


def _is_form(annotation) -> bool:
    if isinstance(annotation, str):
        return "form" in annotation.lower()
    types = getattr(annotation, "__args__", None) or (annotation,)
    return any(
        isinstance(kind, type) and issubclass(kind, forms.Form | forms.BaseForm | forms.BaseFormSet)
        for kind in types
    )


def test_the_services_are_found():
    assert len(APPS) >= 9 and len(SERVICES) >= 40
    assert "performance.services.create_objective" in SERVICES


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_a_service_takes_keyword_arguments_and_no_form(name):
    parameters = inspect.signature(SERVICES[name]).parameters.values()
    positional = [p.name for p in parameters if p.kind not in (p.KEYWORD_ONLY, p.VAR_KEYWORD)]
    assert not positional, f"{name}: arguments by position {positional}"
    forms_taken = [p.name for p in parameters if "form" in p.name.lower() or _is_form(p.annotation)]
    assert not forms_taken, f"{name}: takes forms {forms_taken}"
