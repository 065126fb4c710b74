"""Property: whatever a caller sends, it can never add, remove or change an element or attribute.

The values go through the whole server path (form body and query, merge, render, validate), and
the response is compared with the document rendered from harmless values.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from rcml.server import RcmlApp, load_site
from tests.server.conftest import call, write_site

TEMPLATE = (
    '{#- rcml-samples: [{"From": "+15550100", "Digits": "1"}] -#}\n'
    "<Response>\n"
    '  <Say voice="woman">Hello {{ From | default("caller") }}, you pressed '
    '{{ Digits | default("nothing") }}.</Say>\n'
    '  <Dial callerId="+15550199"><Client name="{{ params.get("SipHeader_X-Name", "n") }}">'
    "alice</Client></Dial>\n"
    "</Response>\n"
)

_SITE = Path(tempfile.mkdtemp(prefix="rcml-injection-"))
write_site(_SITE, {"t.xml.j2": TEMPLATE})
APP = RcmlApp(load_site(_SITE))  # the snapshot is in memory: the folder can go
shutil.rmtree(_SITE)

hostile = st.text(
    alphabet=st.sampled_from(list("<>&\"'/=]![CDATA-?x1 ;#\x00\x01\x0b\x1f\ud7ff\ufffe")),
    max_size=40,
) | st.text(max_size=40)


def shape(body: bytes) -> list[tuple[str, tuple[tuple[str, str], ...]]]:
    """Every element with its attributes, except the value the caller fills in."""
    root = etree.fromstring(body)
    return [
        (str(e.tag), tuple((str(k), "" if k == "name" else str(v)) for k, v in e.attrib.items()))
        for e in root.iter(etree.Element)
    ]


REFERENCE = shape(call(APP, "POST", "/t.xml", data={"From": "x", "Digits": "1"}).content)


@settings(max_examples=150, deadline=None)
@given(caller=hostile, digits=hostile, header=hostile, in_query=st.booleans())
def test_caller_values_never_change_the_structure(
    caller: str, digits: str, header: str, in_query: bool
) -> None:
    values = {"From": caller, "Digits": digits, "SipHeader_X-Name": header}
    if in_query:
        response = call(APP, "GET", "/t.xml", params=values)
    else:
        response = call(APP, "POST", "/t.xml", data=values)
    assert response.status_code == 200
    assert shape(response.content) == REFERENCE
    say = etree.fromstring(response.content).find("Say")
    assert say is not None and say.text is not None
    # the text is the caller's value minus what XML cannot hold, never more
    assert "\x00" not in say.text and "\x01" not in say.text
