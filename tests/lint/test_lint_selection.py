"""--select / --extend-select / --ignore: prefixes, specificity, layers."""

from __future__ import annotations

import pytest

from rcml.lint.selection import Layer, SelectionError, normalize, resolve

CODES = ["RCML000", "RCML001", "RCML205", "RCML206", "RCML301", "RCML401"]


def test_default_is_every_rule() -> None:
    assert resolve([], CODES) == frozenset(CODES)


def test_select_a_prefix_starts_over() -> None:
    assert resolve([Layer(select=("RCML2",))], CODES) == {"RCML000", "RCML205", "RCML206"}


def test_more_specific_ignore_beats_select() -> None:
    layer = Layer(select=("RCML2",), ignore=("RCML205",))
    assert resolve([layer], CODES) == {"RCML000", "RCML206"}


def test_more_specific_select_beats_ignore() -> None:
    layer = Layer(ignore=("RCML2",), extend_select=("RCML205",))
    assert resolve([layer], CODES) == set(CODES) - {"RCML206"}


def test_ignore_wins_a_tie() -> None:
    assert "RCML205" not in resolve([Layer(extend_select=("RCML205",), ignore=("RCML205",))], CODES)


def test_later_layer_select_replaces_earlier_choice() -> None:
    file_layer = Layer(select=("RCML3",), ignore=("RCML4",))
    cli_layer = Layer(select=("RCML4",))
    assert resolve([file_layer, cli_layer], CODES) == {"RCML000", "RCML401"}


def test_later_layer_ignore_adds_to_earlier_choice() -> None:
    file_layer = Layer(select=("RCML2", "RCML3"))
    cli_layer = Layer(ignore=("RCML206",))
    assert resolve([file_layer, cli_layer], CODES) == {"RCML000", "RCML205", "RCML301"}


def test_internal_errors_cannot_be_ignored() -> None:
    assert "RCML000" in resolve([Layer(ignore=("RCML",))], CODES)


def test_normalize_upper_cases_and_accepts_all() -> None:
    assert normalize(["rcml2", "ALL"], CODES, "--select") == ("RCML2", "RCML")


def test_unknown_selector_is_an_error_with_a_suggestion() -> None:
    with pytest.raises(
        SelectionError,
        match=r"--ignore: 'RCML2055' matches no rule code; "
        r"did you mean RCML205\?",
    ):
        normalize(["RCML2055"], CODES, "--ignore")
    with pytest.raises(SelectionError, match="matches no rule code; see `rcml rules`"):
        normalize(["XYZ"], CODES, "--select")
