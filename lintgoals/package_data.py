"""Files installed inside the package: JSON Schemas, layout profiles, rule packs."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

# The package's own folder; importlib.resources would cost start-up time for
# what a plain path gives an installed (not zipped) package.
PACKAGE = Path(__file__).resolve().parent


@cache
def load_schema(name: str) -> dict[str, Any]:
    """A JSON Schema from lintgoals/schemas/, read once per run."""
    schema: dict[str, Any] = json.loads((PACKAGE / "schemas" / name).read_text(encoding="utf-8"))
    return schema
