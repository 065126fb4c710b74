"""The rule registry: unique stable codes, documentation, and fixtures for every rule."""

from __future__ import annotations

import re

import pytest

from rcml.core.findings import Severity
from rcml.rules import ALL_RULES, RULES_BY_CODE, find_rule
from tests.rules.fixtures import FIXTURES, WITHOUT_FIXTURE

SECTIONS = ["What it does", "Why it matters", "Example", "Use instead"]


def test_codes_and_names_are_unique() -> None:
    codes = [rule.code for rule in ALL_RULES]
    names = [rule.name for rule in ALL_RULES]
    assert len(codes) == len(set(codes))
    assert len(names) == len(set(names))


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.code)
def test_rule_is_well_formed(rule: type) -> None:
    assert re.fullmatch(r"RCML\d{3}", rule.code)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name)
    assert isinstance(rule.severity, Severity)
    assert rule.stage in ("parse", "schema", "tree", "lint")
    assert rule.summary().endswith(".")
    assert rule.sections() == SECTIONS


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.code)
def test_every_rule_has_fixtures(rule: type) -> None:
    assert (rule.code in FIXTURES) != (rule.code in WITHOUT_FIXTURE)


def test_fixtures_name_only_existing_rules() -> None:
    assert set(FIXTURES) | set(WITHOUT_FIXTURE) <= set(RULES_BY_CODE)


def test_find_rule_by_code_or_name() -> None:
    assert find_rule("rcml301") is RULES_BY_CODE["RCML301"]
    assert find_rule("invalid-url") is RULES_BY_CODE["RCML301"]
    assert find_rule("RCML999") is None


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.code)
def test_rule_says_whether_it_has_a_fix(rule: type) -> None:
    assert rule.fix in (None, "safe", "unsafe")
    assert bool(rule.fix_note) == (rule.fix is not None)
    assert rule.fix_line().startswith(f"Fix: {rule.fix or 'none'}.")


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.code)
def test_rule_contexts_are_known_contexts(rule: type) -> None:
    from rcml.core.options import CONTEXTS

    assert rule.contexts is None or (rule.contexts and rule.contexts <= set(CONTEXTS))
