"""docs/rules.md is generated from the rules' docstrings and must be up to date."""

from __future__ import annotations

from pathlib import Path

from rcml.lint.docs import render
from rcml.rules import ALL_RULES

DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


def test_docs_rules_md_is_not_stale() -> None:
    assert DOCS.read_text(encoding="utf-8") == render(), (
        "docs/rules.md is stale: run `python -m rcml.lint.docs > docs/rules.md`"
    )


def test_every_rule_has_a_section_with_its_four_headings() -> None:
    text = render()
    for rule in ALL_RULES:
        assert f"### {rule.code} {rule.name}\n" in text
        assert rule.sections() == ["What it does", "Why it matters", "Example", "Use instead"]


def test_examples_become_fenced_xml_blocks() -> None:
    text = render()
    section = text[text.index("### RCML401") : text.index("### RCML402")]
    assert "```xml\n<Response><Redirect>/next.xml</Redirect><Say>Goodbye</Say></Response>\n```" in (
        section
    )
