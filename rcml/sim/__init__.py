"""``rcml simulate``: a call run through a model of Restcomm's voice interpreter, offline.

In code::

    from rcml.sim import Script, parse_input, simulate
    transcript = simulate("site/greeting.xml.j2", Script(inputs=(parse_input("1"),)))
    transcript.said, transcript.paths, transcript.status

The model follows Restcomm's Java interpreter (VoiceInterpreter, BaseVoiceInterpreter,
SubVoiceInterpreter), quirks included; docs/simulate.md says what it does and why.
"""

from rcml.sim._conference import Participant, Room
from rcml.sim._dial import Leg
from rcml.sim._flow import (
    CalleeHangup,
    CallerHangup,
    ConferenceEnded,
    EndOfSimulation,
    Interrupt,
    LiveHangup,
    LiveRedirect,
    Wait,
)
from rcml.sim._restcomm import Restcomm
from rcml.sim.api import SimulationError, Simulator, simulate
from rcml.sim.call import Call
from rcml.sim.script import (
    DialOutcome,
    Input,
    Recording,
    Script,
    ScriptError,
    parse_dial,
    parse_input,
    parse_record,
)
from rcml.sim.transcript import Event, Request, Transcript
from rcml.sim.world import World

__all__ = [
    "Call",
    "CalleeHangup",
    "CallerHangup",
    "ConferenceEnded",
    "DialOutcome",
    "EndOfSimulation",
    "Event",
    "Input",
    "Interrupt",
    "Leg",
    "LiveHangup",
    "LiveRedirect",
    "Participant",
    "Recording",
    "Request",
    "Restcomm",
    "Room",
    "Script",
    "ScriptError",
    "SimulationError",
    "Simulator",
    "Transcript",
    "Wait",
    "World",
    "parse_dial",
    "parse_input",
    "parse_record",
    "simulate",
]
