"""An http:// target: the same call over the network (loopback) as in process."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rcml.sim import Script, parse_input, simulate
from tests.server.conftest import Served

SITE = Path(__file__).resolve().parents[2] / "templates"


def test_a_served_site_gives_the_transcript_of_the_same_site_in_process(
    serve: Callable[..., Served],
) -> None:
    script = Script(inputs=(parse_input("9"), parse_input("3")))
    served = serve(str(SITE))
    remote = simulate(served.url.rstrip("/") + "/greeting.xml", script)
    local = simulate(SITE / "greeting.xml.j2", script)
    origin = served.url.rstrip("/")
    assert remote.to_json().replace(origin, "http://localhost") == local.to_json()
