"""Properties of the request helpers: a route that is accepted never leaves the site, and
Restcomm's "null" never reaches a template."""

from __future__ import annotations

import posixpath
from urllib.parse import parse_qsl, quote

from hypothesis import given, settings
from hypothesis import strategies as st

from rcml.server.http import _pairs, loggable, request_values, safe_route

pieces = st.sampled_from(
    [
        "..",
        ".",
        "%2e",
        "%2E%2e",
        "%2f",
        "%5c",
        "\\",
        "%00",
        "\x00",
        "a",
        "b.xml",
        "/",
        "//",
        "%c0%ae",
        "%25",
        "é",
        "%C3%A9",
        ".git",
        "~",
        " ",
        "%0a",
    ]
)
paths = st.lists(pieces, max_size=12).map(lambda parts: ("/" + "".join(parts)).encode("utf-8"))


@settings(deadline=None)
@given(paths | st.binary(max_size=60).map(lambda b: b"/" + b))
def test_an_accepted_route_stays_inside_the_site(raw: bytes) -> None:
    route = safe_route(raw)
    if route is None:
        return
    assert route.startswith("/")
    assert posixpath.normpath(route) == route or route == "/"
    assert "\\" not in route and "\x00" not in route
    assert not any(segment.startswith(".") for segment in route.split("/")[1:])
    assert posixpath.normpath("/site" + route).startswith("/site/") or route == "/"


@settings(deadline=None)
@given(st.text(max_size=30))
def test_a_quoted_safe_name_round_trips(name: str) -> None:
    route = safe_route(("/" + quote(name, safe="")).encode())
    if route is not None:
        assert route == "/" + name


@settings(deadline=None)
@given(st.dictionaries(st.text(min_size=1, max_size=8), st.sampled_from(["null", "x", ""])))
def test_null_never_reaches_a_template(values: dict[str, str]) -> None:
    body = "&".join(f"{quote(k)}={quote(v)}" for k, v in values.items()).encode()
    merged = request_values(b"", b"application/x-www-form-urlencoded", body)
    assert "null" not in merged.values()


@settings(deadline=None)
@given(st.binary(max_size=80))
def test_log_paths_are_one_printable_line(raw: bytes) -> None:
    shown = loggable(raw)
    assert shown.isprintable() and "\n" not in shown and " " not in shown


form_pieces = st.sampled_from(
    [
        *("a", "B", "=", "&", "&&", "%", "+", "%2B", "%2b", "%C3", "%A9", "%C3%A9", "%2", "%zz"),
        *("%%", "é", "\x00", "%26", "%3D", " ", "null", "%E2%82", "%ff"),
    ]
)


@settings(deadline=None, max_examples=500)
@given(st.lists(form_pieces, max_size=24).map("".join), st.sampled_from([b"", b"\xff", b"\xc3"]))
def test_form_fields_decode_as_parse_qsl_does(text: str, tail: bytes) -> None:
    data = text.encode("utf-8") + tail
    expected = parse_qsl(data.decode("utf-8", "replace"), keep_blank_values=True, errors="replace")
    assert _pairs(data) == expected
