"""Restcomm's parser as a model: the tree it builds and the verbs it hands out."""

from __future__ import annotations

import pytest

from rcml.core.download import prepare, well_formed
from rcml.sim._tags import ParserFailed, parse, verbs


def names(body: str) -> list[str]:
    return [verb.name for verb in verbs(parse(body))]


def test_names_are_local_and_the_last_of_two_attributes_wins() -> None:
    root = parse('<r:Response xmlns:r="urn:x" xmlns:a="urn:a"><r:Say a:voice="man" '
                 'voice=" woman ">Hi</r:Say></r:Response>')
    say = root.children[0]
    assert (root.name, say.name, say.attributes) == ("Response", "Say", {"voice": "woman"})


def test_text_is_the_last_run_trimmed() -> None:
    say = parse("<Response><Say>\n one <!-- c --> two \n</Say></Response>").children[0]
    assert say.text == "two"
    assert parse("<Response><Say>  </Say></Response>").children[0].text is None


def test_verbs_skip_direct_children_of_the_verb_just_handed_out() -> None:
    body = ("<Response><Gather><Say>a</Say><Foo><Say>b</Say></Foo></Gather>"
            "<Enqueue><Play>c</Play></Enqueue><Wrap><Pause/></Wrap></Response>")
    assert names(body) == ["Gather", "Say", "Enqueue", "Pause"]


def test_the_root_is_not_checked() -> None:
    assert names("<Say>alone</Say>") == ["Say"]


@pytest.mark.parametrize(
    ("body", "ok"),
    [
        ("<Say>Tom & Jerry</Say>", True),
        ("<Say>AT&T-Mobile; and more</Say>", True),  # '-' ends the name: escaped
        ("<Say>A & B & C</Say>", False),  # the greedy run reaches the end; the second & stays
        ("<Say>fish & chips;</Say>", False),  # a word then ';': left alone, not an entity
        ("<Say>&amp;</Say>", True),
    ],
)
def test_the_ampersand_regex_is_restcomms(body: str, ok: bool) -> None:
    assert (well_formed(body) is not None) is ok


def test_prepare_trims_java_blanks_first() -> None:
    assert prepare("\x00 \n<Say/>\t") == "<Say/>"


def test_hints_fail_the_parser_when_the_gather_is_reached() -> None:
    many = ",".join(["w"] * 51)
    handed = verbs(parse(f'<Response><Say>a</Say><Gather hints="{many}"/></Response>'))
    assert next(handed).name == "Say"
    with pytest.raises(ParserFailed):
        next(handed)
    with pytest.raises(ParserFailed):
        list(verbs(parse(f'<Response><Gather hints="{"x" * 101}"/></Response>')))


def test_an_empty_or_broken_body_fails() -> None:
    for body in ("", "   ", "<Response>", "not xml"):
        with pytest.raises(ParserFailed):
            parse(body)


def test_each_tag_knows_its_line_counting_the_blank_lines_trimmed_off_the_top() -> None:
    root = parse('\n\n<?xml version="1.0"?>\n<Response>\n  <Say>a</Say>\n\n  <Play>b</Play>\n'
                 "</Response>")
    assert [root.line, *(child.line for child in root.children)] == [4, 5, 7]
