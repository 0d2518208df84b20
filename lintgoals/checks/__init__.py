"""Check primitives: small pure functions a rule names in `check:`.

A check gets a subject and the rule's compiled options and yields Hits: the
message parameters and where to point. It never formats text for people; the
engine renders the rule's message from the hit.
"""

from __future__ import annotations

import pkgutil
from collections.abc import Mapping
from importlib import import_module
from typing import Any

from lintgoals.checks.base import Check, CheckOptions, Hit, OptionError, Options


def discover() -> dict[str, Check[Any]]:
    """Every module of this package that declares CHECKS: adding a check is adding a module."""
    found: dict[str, Check[Any]] = {}
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name):
        module = import_module(f"{__name__}.{module_info.name}")
        for check in getattr(module, "CHECKS", ()):
            if check.name in found:
                raise ImportError(f"check '{check.name}' is declared twice (in {module_info.name})")
            found[check.name] = check
    return found


CHECKS: Mapping[str, Check[Any]] = discover()

__all__ = ["CHECKS", "Check", "CheckOptions", "Hit", "OptionError", "Options"]
