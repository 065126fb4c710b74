"""Gather and Record: the verbs where the caller answers (BaseVoiceInterpreter.java:1379-2183).

Gather's prompts are assembled by Restcomm's own list walk (ProcessingGatherChildren, BVI
L1405-1569), reproduced here step for step because its quirks are audible: a Pause as the last
child, or only child, throws inside the walk and the Gather never starts (dead air); an unknown
child before a Say makes the Say play twice; a Play whose file cannot be downloaded drops the
whole Gather unless a Say came before it, which then plays in its place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rcml.core.uri import masked, resolve
from rcml.rules.urls import url_problem
from rcml.sim._attrs import java_int, keys_valid, parse_boolean, present
from rcml.sim._flow import CallerHangup
from rcml.sim._interp import Interpreter, Steps
from rcml.sim._restcomm import (
    BEEP_SECONDS,
    DEFAULT_GATHER_TIMEOUT,
    KEY_SECONDS,
    SPEECH_SECONDS,
    UNLIMITED_DIGITS,
    say_seconds,
)
from rcml.sim._tags import Tag
from rcml.sim.script import Input

RECORD_KEYS = "1234567890*#"
MEDIA_TYPES = ("audio_only", "video_only", "audio_video")


@dataclass
class _Prompt:
    kind: str  # say, play, pause
    seconds: float
    fields: dict[str, Any]


class _GatherSkipped(Exception):
    """A prompt's media failed with no Say before it: the Gather is abandoned."""


def _prompt(it: Interpreter, child: Tag) -> _Prompt:
    """The audio a requested child turns into (BVI L1459-1522); may abandon the Gather."""
    if child.name == "Say":
        it.last_say = child
        text = child.text or ""
        fields = {
            "text": text,
            "voice": it.voice_of(child, 13321),
            "language": it.language_of(child),
        }
        return _Prompt("say", say_seconds(text), fields)
    text = child.text or ""
    url = it.resolved(text, 13325)
    seconds, failure = it.media_seconds(url)
    if failure is None:
        return _Prompt("play", seconds, {"url": masked(url)})
    # The cache failure sends Restcomm to Synthesizing with whatever its `verb` field holds
    # (VoiceInterpreter.java:1086-1087, BVI L1281-1292): the last Say hashed, or the Gather.
    it.log("error", code=None, level="warning", message=f"cannot download: {failure}")
    if it.last_say is None:
        raise _GatherSkipped(failure)
    return _prompt(it, it.last_say)


def _prompts(it: Interpreter, gather: Tag) -> Steps:
    """Restcomm's walk over the Gather's children; returns the prompts, in order."""
    children = list(gather.children)
    prompts: list[_Prompt] = []

    def scan() -> Tag | None:
        for child in children:
            if child.name in ("Play", "Say") and child.text:
                return child
            if child.name == "Pause":
                number = java_int(child.attr("length") or "")
                length = number if number is not None else 1
                if length > 0:
                    prompts.append(_Prompt("pause", float(length), {"length": length}))
        return None

    requested = scan()
    if children and not _cleanup(children):
        yield from it.stall("<Gather> ends with a <Pause>: Restcomm's prompt walk fails "
                            "(IndexOutOfBounds) and the Gather never starts")
    while children:
        if requested is None:
            yield from it.stall("<Gather> holds a child that is not Say, Play or Pause, so its "
                                "prompt walk never finishes: the Gather never starts")
        assert requested is not None  # a stall never returns
        prompt = _prompt(it, requested)
        loop_child = children.pop(0)
        loop = 1
        value = present(loop_child, "loop")
        if value is not None:
            number = java_int(value)
            if number is None and loop_child.name == "Say":
                it.notify(13322, f"{value} is an invalid loop value.")
            loop = number if number is not None else 1
        prompts.extend(prompt for _ in range(max(loop, 0)))
        requested = scan()
        if children and not _cleanup(children):
            yield from it.stall("<Gather> ends with a <Pause>: Restcomm's prompt walk fails "
                                "(IndexOutOfBounds) and the Gather never starts")
    return prompts


def _cleanup(children: list[Tag]) -> bool:
    """BVI L1548-1558: pop leading Pauses; False when that empties the list (get(0) throws)."""
    while True:
        first = children[0]
        if first.name != "Pause":
            return True
        children.pop(0)
        if not children:
            return False


@dataclass
class _Collected:
    keys: str = ""
    speech: str | None = None
    seconds: float = 0.0
    shown: str | None = None


def _input_type(gather: Tag) -> str:
    """Collect.Type.parseOrDefault (Collect.java:33-43): unknown values mean DTMF."""
    value = (gather.attr("input") or "").upper()
    if value in ("DTMF SPEECH", "DTMF_SPEECH"):
        return "dtmf speech"
    return value.lower() if value in ("DTMF", "SPEECH") else "dtmf"


def _collect(answer: Input, kind: str, finish: str, digits: int, timeout: int) -> _Collected:
    """What the media server collects from the caller's answer."""
    if answer.kind == "digits" and kind != "speech":
        keys = ""
        for key in answer.value:
            keys += key
            if key in finish or (digits != UNLIMITED_DIGITS and len(keys) >= digits):
                return _Collected(keys, None, len(keys) * KEY_SECONDS, keys)
        return _Collected(keys, None, len(keys) * KEY_SECONDS + max(timeout, 0), keys)
    if answer.kind == "speech" and kind != "dtmf":
        return _Collected("", answer.value, SPEECH_SECONDS, f"speech:{answer.value}")
    return _Collected("", None, float(max(timeout, 0)), None)


def _finish_on_key(it: Interpreter, gather: Tag) -> str:
    value = gather.attr("finishOnKey")
    if not value:
        return "#"
    if not keys_valid(value):
        it.notify(13310, f"{value} is not a valid finishOnKey value")
        return "#"
    return value


def _settings(it: Interpreter, gather: Tag) -> tuple[str, int]:
    """startInputKey, numDigits (kept on the interpreter) and timeout (BVI L1622-1667)."""
    start = present(gather, "startInputKey")
    if start is not None and not keys_valid(start):
        it.notify(13315, f"{start} is not a valid startInputKey value")
    value = present(gather, "numDigits")
    if value is not None:
        number = java_int(value)
        if number is None:
            it.notify(13314, f"{it.num_digits} is not a valid numDigits value")
        else:
            it.num_digits = number
    timeout = DEFAULT_GATHER_TIMEOUT
    value = present(gather, "timeout")
    if value is not None:
        number = java_int(value)
        if number is None:
            it.notify(13313, f"{timeout} is not a valid timeout value")
        else:
            timeout = number
    return _input_type(gather), timeout


def gather(it: Interpreter, verb: Tag) -> Steps:
    """Run a Gather. Returns the fetch of its ``action`` when one was made, else None."""
    it.last_say = None
    try:
        prompts = yield from _prompts(it, verb)
    except _GatherSkipped:
        it.skip(verb, "a prompt could not be downloaded: Restcomm drops the Gather")
        return None
    finish = _finish_on_key(it, verb)
    kind, timeout = _settings(it, verb)
    for prompt in prompts:
        it.log(prompt.kind, prompt.fields)
    heard = sum(p.seconds for p in prompts)
    answer = it.cursor.next_input()
    if answer is None or answer.kind == "hangup":
        yield from it.wait(heard, "gather")
        if answer is None:
            it.hang_up_caller()
        it.caller_hung_up()
        raise CallerHangup()
    got = _collect(answer, kind, finish, it.num_digits, timeout)
    yield from it.wait(heard + got.seconds, "gather")
    limit = None if it.num_digits == UNLIMITED_DIGITS else it.num_digits
    it.log("gather", input=got.shown, timeout=timeout, numDigits=limit, finishOnKey=finish)
    digits = "" if got.keys == finish else got.keys
    action = verb.attr("action")
    if action is None or not (digits.strip() or got.speech):
        return None  # FinishGathering: no request, the next verb (BVI L1770-1797)
    if digits.endswith(finish):
        digits = digits[: digits.rfind(finish)]
    params = [*it.params(), ("Digits", digits), ("SpeechResult", got.speech)]
    method = it.method_of(verb, "method", 14104, "Gather")
    if got.speech and present(verb, "partialResultCallback"):
        _partial(it, verb, got.speech)
    if not action:
        url = resolve(it.base, "")
        it.fetch(url, method, params, purpose="ignored", asynchronous=True)
        it.stop(11101, "Callback attribute value is null or empty")
    return it.fetch(it.resolved(action), method, params, asynchronous=True)


def _partial(it: Interpreter, verb: Tag, speech: str) -> None:
    """PartialGathering: the recognizer's interim result, posted and the answer unused."""
    callback = verb.attr("partialResultCallback") or ""
    if url_problem(callback):
        return
    method = it.method_of(verb, "partialResultCallbackMethod", 14104, "Gather")
    params = [*it.params(), ("UnstableSpeechResult", speech)]
    it.fetch(resolve(it.base, callback), method, params, purpose="ignored", asynchronous=True)


def _record_settings(it: Interpreter, verb: Tag) -> tuple[str, bool, int, int, str]:
    """finishOnKey, playBeep, maxLength, timeout, media (BVI L1833-1903)."""
    finish = RECORD_KEYS
    value = verb.attr("finishOnKey")
    if value is not None:
        if not value:
            finish = "#"
        elif value != "-1" and not keys_valid(value):
            it.notify(13613, f"{value} is not a valid finishOnKey value")
            finish = "#"
        else:
            finish = value
    beep = parse_boolean(verb.attr("playBeep") or "true")
    numbers = []
    for name, default in (("maxLength", 3600), ("timeout", 5)):
        number = default
        raw = present(verb, name)
        if raw is not None:
            parsed = java_int(raw)
            if parsed is None:
                it.notify(13612, f"{default} is not a valid {name} value")
            else:
                number = parsed
        numbers.append(number)
    media = "audio_only"
    raw = present(verb, "media")
    if raw is not None:
        if raw in MEDIA_TYPES:
            media = raw
        else:
            it.notify(13612, f"{raw} is not a valid media value")
    return finish, beep, numbers[0], numbers[1], media


def record(it: Interpreter, verb: Tag) -> Steps:
    """Run a Record. Returns the fetch of its ``action`` when one was made, else None."""
    finish, beep, max_length, timeout, media = _record_settings(it, verb)
    take = it.cursor.next_record()
    lead = BEEP_SECONDS if beep else 0.0
    limit = float(max(max_length, 0))
    started = it.world.now
    digits: str
    try:
        if take is None:
            it.hang_up_caller()
        talk = min(take.seconds, limit)
        if take.hangup:
            yield from it.wait(lead + talk, "record")
            it.caller_hung_up()
            raise CallerHangup()
        keys = "" if finish == "-1" else finish
        if take.key and take.key in keys and take.seconds < limit:
            duration, digits = talk, take.key
        elif take.seconds >= limit:
            duration, digits = limit, ""
        else:
            duration, digits = (min(talk + max(timeout, 0), limit) if talk > 0 else 0.0), ""
        yield from it.wait(lead + duration, "record")
    except CallerHangup:
        duration, digits = max(it.world.now - started - lead, 0.0), "hangup"
    duration = round(duration, 3)
    action = verb.attr("action")
    it.log("record", duration=duration, digits=digits, action=action)
    if action is None:
        return None
    if not action:
        yield from it.stall("<Record action=\"\">: Restcomm neither requests it nor moves on")
    url = it.resolved(action)
    method = it.method_of(verb, "method", 13610, "Record")
    params = list(it.params())
    if duration > 0:
        sid = it.world.new_sid("RE")
        extension = ".wav" if media == "audio_only" else ".mp4"
        config = it.world.restcomm
        params.append(("RecordingUrl", f"{config.recordings_path}/{sid}{extension}"))
        params.append(
            ("PublicRecordingUrl", f"{config.public_url}/restcomm/recordings/{sid}{extension}")
        )
    params.append(("RecordingDuration", repr(float(duration))))
    params.append(("Digits", digits))
    return it.fetch(url, method, params)
