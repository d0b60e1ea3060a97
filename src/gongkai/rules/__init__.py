"""The checker rules, one per module under a group package (``table3/t301.py`` …).

:func:`all_rules` discovers every module, so adding a rule is adding a file. Modules whose name starts with
``_`` hold shared helpers.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from functools import cache

from gongkai.checker.rule import Rule


@cache
def _rule_classes() -> tuple[type[Rule], ...]:
    found: dict[str, type[Rule]] = {}
    for info in pkgutil.walk_packages(__path__, prefix=f"{__name__}."):
        if info.ispkg or info.name.rsplit(".", 1)[-1].startswith("_"):
            continue
        module = importlib.import_module(info.name)
        for _, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, Rule) and obj.__module__ == module.__name__ and not inspect.isabstract(obj):
                if obj.code in found:
                    raise RuntimeError(f"duplicate rule code {obj.code}: {obj} and {found[obj.code]}")
                found[obj.code] = obj
    return tuple(found[code] for code in sorted(found))


def all_rules() -> list[Rule]:
    """One instance of every rule, ordered by code."""
    return [cls() for cls in _rule_classes()]


__all__ = ["Rule", "all_rules"]
