"""Check primitives: small pure functions a rule names in `check:`.

A check gets a subject and the rule's compiled options and yields Hits: the
message parameters and where to point. It never formats text for people; the
engine renders the rule's message from the hit.
"""

from __future__ import annotations

from collections.abc import Mapping

from lintgoals.checks import collections, numbers, presence, reader, schema, text
from lintgoals.checks.base import Check, Hit, OptionError, Options

CHECKS: Mapping[str, Check] = {
    check.name: check
    for module in (reader, presence, text, numbers, collections, schema)
    for check in module.CHECKS
}

__all__ = ["CHECKS", "Check", "Hit", "OptionError", "Options"]
