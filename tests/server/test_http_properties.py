"""Properties of the request helpers: a route that is accepted never leaves the site, and
Restcomm's "null" never reaches a template."""

from __future__ import annotations

import posixpath
from urllib.parse import quote

from hypothesis import given, settings
from hypothesis import strategies as st

from rcml.server._http import loggable, request_values, safe_route

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
