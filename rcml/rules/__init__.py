"""The registry of every rule, by code. Each module holds one family; this list is explicit.

Codes are stable and never reused: RCML0xx document, RCML1xx structure, RCML2xx attributes and
values, RCML3xx URLs, RCML4xx flow, RCML5xx content,
RCML6xx site (links between documents, templates).
"""

from __future__ import annotations

from rcml.rules import (
    attributes,
    content,
    context,
    dial,
    document,
    flow,
    internal,
    site,
    structure,
    suppression,
    urls,
    values,
)
from rcml.rules.base import Rule, Stage

_MODULES = (
    internal,
    document,
    suppression,
    structure,
    context,
    dial,
    attributes,
    values,
    urls,
    flow,
    content,
    site,
)

ALL_RULES: tuple[type[Rule], ...] = tuple(
    sorted((rule for module in _MODULES for rule in module.RULES), key=lambda r: r.code)
)
RULES_BY_CODE: dict[str, type[Rule]] = {rule.code: rule for rule in ALL_RULES}
RULES_BY_NAME: dict[str, type[Rule]] = {rule.name: rule for rule in ALL_RULES}


def rules_of_stage(stage: Stage) -> tuple[type[Rule], ...]:
    """The rules that run at ``stage``, in code order."""
    return tuple(rule for rule in ALL_RULES if rule.stage == stage)


def find_rule(code_or_name: str) -> type[Rule] | None:
    """A rule by its code (any case) or its kebab-case name."""
    return RULES_BY_CODE.get(code_or_name.upper()) or RULES_BY_NAME.get(code_or_name.lower())


__all__ = ["ALL_RULES", "RULES_BY_CODE", "RULES_BY_NAME", "Rule", "find_rule", "rules_of_stage"]
