"""Random documents and random callers: the simulator never raises and always ends in time."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rcml.sim import Call, Script, World
from rcml.sim.transport import Transport, transport_for
from tests.sim.apps import Answer, App
from tests.strategies import element_trees, sim_scripts

STATUSES = {"completed", "rejected", "failed", "stalled", "max-steps", "on-hold"}
MAX_STEPS = 40


class EveryPath(App):
    """Answers every path with the same document (a redirect anywhere comes back here)."""

    def __init__(self) -> None:
        super().__init__({})
        self.document = ""

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        self.routes = {scope["path"]: Answer(body=self.document)}
        await super().__call__(scope, receive, send)


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[EveryPath, Transport]]:
    app = EveryPath()
    transport = transport_for(app)
    yield app, transport
    transport.close()


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(document=element_trees(max_depth=3), script=sim_scripts(),
       context=st.sampled_from(["voice", "voice", "screening", "conference-wait"]))
def test_any_document_and_any_caller_end_within_the_step_limit(
    served: tuple[EveryPath, Transport], document: bytes, script: Script, context: str
) -> None:
    app, transport = served
    app.document = document.decode("utf-8")
    world = World(transport)
    call = Call(world, "http://localhost/start.xml", script=script, context=context,
                max_steps=MAX_STEPS)
    transcript = world.run(call)
    assert call.done and transcript.status in STATUSES
    assert call.steps.used <= MAX_STEPS + 1  # the step that trips the guard is counted
    assert transcript.events[-1].type == "end"
    times = [event.t for event in transcript.events]
    assert times == sorted(times)
    assert transcript.to_json() and transcript.to_text()
