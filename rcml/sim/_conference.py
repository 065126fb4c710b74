"""Conference: rooms, participants and what a caller hears waiting in one.

Rooms live in the :class:`~rcml.sim.world.World`, keyed by the account and the room's name
(VoiceInterpreter.java:2301-2306), so that every call of a world that dials the same name meets
in the same room, and a driver (a local Restcomm) can list the participants and mute them.

What Restcomm does, in order (VoiceInterpreter.java:2959-3222, 3276-3353):

* a full room (``maxParticipants``, 40 by default) is not joined: the next verb runs;
* a participant with ``startConferenceOnEnter`` (the default) makes the moderator present, which
  un-mutes *everyone* in the room, ``muted="true"`` participants included (L1611-1626);
* a participant without it, alone in a room with no moderator, is muted and hears the
  ``waitUrl``. A URL ending in ``wav`` is played; anything else is fetched as a document in which
  only Play and Say may run (any other verb hangs up, L970-984), whose media loop until a
  moderator comes; an empty one hangs up at its end (L936-953). After such a document the
  Dial's ``timeLimit`` is never armed (L3173-3177): the caller waits as long as it takes;
* the call leaves at ``timeLimit``, when it hangs up, or when the room ends (a participant with
  ``endConferenceOnExit`` left: Restcomm then hangs the others up, L1441-1447); then the Dial's
  ``action`` is requested with the standard parameters only, else the next verb runs.

The ConfVoiceInterpreter is never created at this commit (nothing builds its parameters), so
the wait document is run by the voice interpreter itself, as above.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rcml.core.uri import Uri, masked, resolve
from rcml.rules.urls import url_problem
from rcml.sim import _tags
from rcml.sim._attrs import java_int, parse_boolean, present
from rcml.sim._flow import FOREVER, CallerHangup, ConferenceEnded, EndOfSimulation
from rcml.sim._interp import Finished, Steps
from rcml.sim._restcomm import DEFAULT_WAIT_URL
from rcml.sim._tags import ParserFailed, Tag

if TYPE_CHECKING:
    from rcml.sim.call import Call

MAX_PARTICIPANTS = 40  # VoiceInterpreter.java:193


@dataclass
class Participant:
    """One call in a room: a driver may read and change ``muted``."""

    call: Call
    room: Room
    muted: bool
    start_on_enter: bool
    end_on_exit: bool
    joined_at: float
    on_hold: bool = False


@dataclass
class Room:
    """A conference: its participants and whether its moderator has come."""

    name: str
    sid: str
    participants: list[Participant] = field(default_factory=list)
    moderator_present: bool = False
    ended: bool = False

    def participant(self, call_sid: str) -> Participant | None:
        return next((p for p in self.participants if p.call.sid == call_sid), None)


def _flag(noun: Tag, name: str, default: bool) -> bool:
    value = present(noun, name)
    return default if value is None else parse_boolean(value)


def join(call: Call, verb: Tag, noun: Tag, time_limit: int) -> Steps:
    """Dial a Conference noun; returns the action's document or None for the next verb."""
    video = noun.child("Video")
    name = noun.text if video is None else noun.attr("name")
    if video is not None and name is None:
        yield from call.stall('a <Conference> with <Video> needs a "name" attribute: Restcomm '
                              "throws and the Dial never ends")
    room = call.world.room(str(name))  # Java's "null" for a room with no name
    limit = java_int(present(noun, "maxParticipants") or "")
    if len(room.participants) >= (MAX_PARTICIPANTS if limit is None else limit):
        call.skip(verb, f"the conference {name} is full: Restcomm moves on")
        return None
    start = _flag(noun, "startConferenceOnEnter", True)
    muted = _flag(noun, "muted", False)
    me = Participant(call, room, muted, start, _flag(noun, "endConferenceOnExit", False),
                     call.world.now)
    room.participants.append(me)
    call.participant = me
    call.log("conference", name=str(name), muted=muted, startConferenceOnEnter=start,
             endConferenceOnExit=me.end_on_exit, participants=len(room.participants))
    forever = False
    if start and not room.moderator_present:
        room.moderator_present = True
        for other in room.participants:  # ConferenceModeratorPresent: every call is unmuted
            other.muted = other.on_hold = False
    elif not start and not room.moderator_present:
        me.muted = me.on_hold = True
        if len(room.participants) == 1:
            forever = yield from _wait_music(call, noun)
    try:
        yield from _stay(call, me, FOREVER if forever else float(max(time_limit, 0)))
    finally:
        _leave(call, me)
    action = present(verb, "action")
    if action is None:
        return None
    url = call.resolved(action)
    method = call.method_of(verb, "method", 13210, "Dial")
    fetch = call.fetch(url, method, call.params())
    return (yield from call.follow(fetch))


def _stay(call: Call, me: Participant, seconds: float) -> Steps:
    try:
        yield from call.wait(seconds, "conference")
    except CallerHangup:
        return
    except ConferenceEnded:
        call.log("hangup", by="restcomm", reason="the conference ended")
        call.state = "completed"
        return
    except EndOfSimulation:
        raise Finished("on-hold", f"the caller waits in {me.room.name} for a moderator, "
                                  "with no time limit") from None


def _leave(call: Call, me: Participant) -> None:
    room = me.room
    if me in room.participants:
        room.participants.remove(me)
    call.participant = None
    if me.end_on_exit and not room.ended:
        room.ended = True
        for other in list(room.participants):
            call.world.interrupt(other.call, ConferenceEnded())
    if not room.participants:
        call.world.close_room(room)


def _wait_music(call: Call, noun: Tag) -> Steps:
    """The waitUrl of a lone participant (L3127-3185); True when it was a document."""
    url = DEFAULT_WAIT_URL
    value = present(noun, "waitUrl")
    if value is not None:
        problem = url_problem(value)
        if problem:
            call.stop(13233, f"{value} is not a valid waitUrl value for <Conference> ({problem})")
        url = value
    url = resolve(call.base, url)
    method = call.method_of(noun, "waitMethod", 13234, "Conference")
    if Uri.parse(url).path.lower().endswith("wav"):
        call.log("play", url=masked(url), hold=True)
        return False
    yield from run_wait_document(call, url, method)
    return True


def run_wait_document(call: Call, url: str, method: str) -> Steps:
    """Fetch and run a waitUrl document: its Play and Say, looped as hold music."""
    fetch = call.fetch(url, method, call.params(), context="conference-wait")
    document = yield from call.follow(fetch, "conference-wait")
    held: list[tuple[str, dict[str, Any]]] = []
    try:
        for verb in _tags.verbs(document.root):
            call.verb = verb
            call.steps.count()
            if verb.name not in ("Play", "Say"):
                call.log("error", code=None, level="error",
                         message=f"<{verb.name}> in a waitUrl document: only Play and Say may run")
                call.log("hangup", by="restcomm", reason=f"<{verb.name}> in the waitUrl document")
                call.state = "completed"
                raise Finished("failed", f"<{verb.name}> in a waitUrl document hangs up the call")
            item = _held(call, verb)
            if item is not None:
                held.append(item)
    except ParserFailed as exc:
        call.parser_failed(exc)
    if not held:
        call.log("hangup", by="restcomm", reason="the waitUrl document played nothing")
        call.state = "completed"
        raise Finished("completed", "the waitUrl document played nothing: at its end "
                                    "Restcomm hangs up")
    for kind, fields in held:
        call.log(kind, {**fields, "hold": True})
    return held


def _held(call: Call, verb: Tag) -> tuple[str, dict[str, Any]] | None:
    if not verb.text:
        call.skip(verb, "nothing to play: Restcomm moves on")
        return None
    if verb.name == "Say":
        fields = {"text": verb.text, "voice": call.voice_of(verb, 13511),
                  "language": call.language_of(verb)}
        return "say", fields
    media = call.resolved(verb.text)
    _, failure = call.media_seconds(media)
    if failure is not None:
        call.log("error", code=13233, level="warning", message=f"cannot download: {failure}")
        call.log("hangup", by="restcomm", reason="the media could not be downloaded")
        raise Finished("failed", f"the media of <Play> could not be downloaded: {failure}")
    return "play", {"url": masked(media)}
