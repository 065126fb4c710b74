"""A pytest plugin (entry point ``pytest11``): the ``rcml_call`` fixture runs simulated calls.

::

    def test_menu_plays_the_greeting(rcml_call):
        call = rcml_call("site/greeting.xml.j2", inputs=["3"])
        assert call.paths == ["/greeting.xml", "/menu.xml", "/hello-play.xml"]
        assert call.requests[1].params["Digits"] == "3"
        assert call.played == ["http://localhost/restcomm/audio/hello-world.wav"]
        assert call.status == "completed"

The target is a document or template in a folder, an ``http(s)://`` URL, or an ASGI or WSGI
application object (give ``path=`` where the call starts). Script entries may be written as the
command line writes them (``"1234#"``, ``"answered:30"``, ``"20:#"``) or as objects.
Everything heavy is imported when the fixture is first used, so the plugin costs a test run
nothing until then.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import pytest

if TYPE_CHECKING:
    from rcml.sim import DialOutcome, Input, Recording, Simulator, Transcript


class CallRunner(Protocol):
    def __call__(
        self,
        target: str | Path | object,
        *,
        inputs: Sequence[str | Input] = (),
        dials: Sequence[str | DialOutcome] = (),
        records: Sequence[str | Recording] = (),
        callee_inputs: Sequence[str | Input] = (),
        hangup_at: float | None = None,
        path: str = "/",
        context: str = "voice",
        **options: Any,
    ) -> Transcript: ...


@pytest.fixture
def rcml_call() -> Iterator[CallRunner]:
    """Run one simulated call and return its transcript (targets are loaded once per test)."""
    from rcml.sim import Script, Simulator, parse_dial, parse_input, parse_record

    loaded: dict[tuple[object, str, str], Simulator] = {}

    def run(
        target: str | Path | object,
        *,
        inputs: Sequence[str | Input] = (),
        dials: Sequence[str | DialOutcome] = (),
        records: Sequence[str | Recording] = (),
        callee_inputs: Sequence[str | Input] = (),
        hangup_at: float | None = None,
        path: str = "/",
        context: str = "voice",
        **options: Any,
    ) -> Transcript:
        key = (str(target) if isinstance(target, (str, Path)) else id(target), path, context)
        if key not in loaded:
            loaded[key] = Simulator(target, path=path, context=context)
        callee = tuple(parse_input(i) if isinstance(i, str) else i for i in callee_inputs)
        script = Script(
            inputs=tuple(parse_input(i) if isinstance(i, str) else i for i in inputs),
            dials=tuple(parse_dial(d) if isinstance(d, str) else d for d in dials),
            records=tuple(parse_record(r) if isinstance(r, str) else r for r in records),
            hangup_at=hangup_at,
            callee=Script(inputs=callee) if callee else None,
        )
        return loaded[key].call(script, **options)

    yield run
    for simulator in loaded.values():
        simulator.close()
