"""URLs as Restcomm handles them: java.net.URI resolution, request descriptors, form encoding."""

from __future__ import annotations

import pytest

from rcml.core.download import descriptor
from rcml.core.uri import encode, masked, query_fields, resolve, userinfo, without_userinfo

BASE = "http://host/dir/page.xml"


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        ("next.xml", "http://host/dir/next.xml"),
        ("/root.xml", "http://host/root.xml"),
        ("../up.xml", "http://host/up.xml"),
        ("../../above.xml", "http://host/../above.xml"),  # a leading .. stays (RFC 2396)
        ("./same.xml", "http://host/dir/same.xml"),
        ("?step=2", "http://host/dir/?step=2"),  # the folder, not the file
        ("#part", "http://host/dir/page.xml#part"),
        ("//other/x.xml", "http://other/x.xml"),
        ("https://elsewhere/y.xml", "https://elsewhere/y.xml"),
        ("client:alice", "client:alice"),  # opaque: used as is
    ],
)
def test_resolve_follows_java_net_uri(reference: str, expected: str) -> None:
    assert resolve(BASE, reference) == expected


def test_a_base_without_a_path_glues_the_reference_to_the_host() -> None:
    assert resolve("http://host", "next.xml") == "http://hostnext.xml"


def test_the_descriptor_keeps_credentials_and_moves_the_query_into_fields() -> None:
    url, fields = descriptor("http://u:p@host:8080/a.xml?x=1;y=a+b&flag#frag", [("A", "1")])
    assert url == "http://u:p@host:8080/a.xml"
    assert fields == [("A", "1"), ("x", "1"), ("y", "a b"), ("flag", None)]


def test_form_encoding_is_urlencodedutils() -> None:
    assert encode([("A b", "c~d*e+f/g"), ("Bare", None), ("Empty", "")]) == (
        "A+b=c%7Ed*e%2Bf%2Fg&Bare&Empty="
    )


def test_query_fields_decode_plus_and_percent() -> None:
    assert query_fields("q=%C3%A9t%C3%A9+x&&=skip") == [("q", "été x")]


def test_credentials_are_masked_and_can_be_removed() -> None:
    url = "https://user:secret@host/a.xml?x=1"
    assert masked(url) == "https://user:***@host/a.xml?x=1"
    assert without_userinfo(url) == "https://host/a.xml?x=1"
    assert userinfo(url) == ("user", "secret")
    assert userinfo("http://host/a.xml") is None
