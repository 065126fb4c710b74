"""Positions: start tags, attributes, multi-line tags, non-ASCII text and Restcomm's & fix."""

from __future__ import annotations

import rcml


def where(data: str, code: str) -> list[tuple[int, int]]:
    return [(f.line, f.column) for f in rcml.validate(data) if f.code == code]


def test_multi_line_start_tag_points_at_its_opening_bracket() -> None:
    doc = '<Response>\n  <Say\n     voice="alice"\n  >hi</Say>\n</Response>'
    assert where(doc, "RCML205") == [(3, 6)]


def test_columns_count_characters_not_bytes() -> None:
    doc = '<Response><Say>héllo wörld</Say><Say voice="x">a</Say></Response>'
    assert where(doc, "RCML205") == [(1, 38)]


def test_attribute_with_a_namespace_prefix_is_found() -> None:
    doc = '<Response xmlns:t="urn:t"><Dial t:timout="1">+1555</Dial></Response>'
    assert where(doc, "RCML201") == [(1, 33)]


def test_positions_after_bare_ampersands_map_back_to_the_original() -> None:
    # Restcomm's fix-up escapes one '&' per ';'-separated run, so both of these are escaped.
    doc = "<Response><Dial><Sip>a?x=1&y=2;p&z=3</Sip><Sip voice='x'>b</Sip></Dial></Response>"
    assert where(doc, "RCML007") == [(1, 27), (1, 33)]
    assert where(doc, "RCML201") == [(1, 48)]


def test_an_ampersand_the_fix_up_leaves_bare_is_reported_where_it_stands() -> None:
    doc = "<Response>\n<Dial><Sip>a?x=1&y=2&z=3</Sip></Dial></Response>"
    assert where(doc, "RCML001") == [(2, 21)]


def test_comments_and_cdata_do_not_shift_elements() -> None:
    doc = "<Response><!-- <Say> --><![CDATA[<x>]]><?pi <y>?>\n<Say voice='q'>a</Say></Response>"
    assert where(doc, "RCML106") == [(1, 1)]
    assert where(doc, "RCML205") == [(2, 6)]
