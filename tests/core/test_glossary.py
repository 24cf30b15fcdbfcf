"""Every model and every choice list of the product is named in the README's GLOSSARY, with the
Italian legal term a reader of the code must map it to."""

import inspect
import re
import sys
from pathlib import Path

from django.apps import apps
from django.db import models

README = Path(__file__).resolve().parents[2] / "README.md"


def glossary_names() -> set[str]:
    text = README.read_text(encoding="utf-8").split("## GLOSSARY", 1)[1].split("\n## ", 1)[0]
    names = set()
    for quoted in re.findall(r"`([^`]+)`", text):
        names.update(re.findall(r"[A-Za-z_]\w*", quoted))
    return names


def product_classes() -> list[str]:
    found = []
    for app in apps.get_app_configs():
        if not app.name.startswith("openpiao."):
            continue
        # The versions of a row (simple-history's Historical<Model>) are named by `History`.
        found += [model.__name__ for model in app.get_models() if not hasattr(model, "instance_type")]
        module = sys.modules.get(f"{app.name}.models")
        for name, value in vars(module or object).items():
            if (
                inspect.isclass(value)
                and issubclass(value, models.Choices)
                and value.__module__ == module.__name__
            ):
                found.append(name)
    return found


def test_every_model_and_choice_list_is_in_the_glossary():
    names = glossary_names()
    missing = sorted(name for name in product_classes() if name not in names)
    assert not missing, f"Aggiungere al GLOSSARY del README: {missing}"
