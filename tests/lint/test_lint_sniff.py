"""Which walked files are RCML: the root element, looked for past what may stand before it."""

from __future__ import annotations

import pytest

from rcml.lint.sniff import is_rcml, root_name


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"<Response/>", "Response"),
        (b'\xef\xbb\xbf<?xml version="1.0"?>\n<Response>', "Response"),
        (b"<!-- a -->\n<!DOCTYPE x [<!ENTITY a '>'>]>\n<project>", "project"),
        (b"<x:Response xmlns:x='urn:x'>", "Response"),
        (b"{#- rcml-samples: [] -#}\n{% if x %}<Response>", "Response"),
        (b"{# note #}<Say>", "Say"),  # a partial of a template: not a document
        (b'{% extends "_layout.xml.j2" %}{% block b %}<Say/>{% endblock %}', None),
        (b'{#- rcml-samples: [] -#}\n{%- extends "_l.xml.j2" -%}<Hangup/>', None),
        (b"{% extendsion %}<Say/>", "Say"),  # not the extends tag
        (b"<!-- never closed", None),
        (b"plain text", None),
    ],
)
def test_root_name(data: bytes, name: str | None) -> None:
    assert root_name(data) == name


def test_only_a_known_other_root_is_not_rcml() -> None:
    assert not is_rcml(b"<project/>")
    assert is_rcml(b"<response/>")  # a typo RCML107 explains
    assert is_rcml(b'{% extends "_layout.xml.j2" %}{% block body %}<Hangup/>{% endblock %}')
