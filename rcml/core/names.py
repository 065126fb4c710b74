"""Helpers for names: did-you-mean suggestions and the TwiML names Restcomm does not implement."""

from __future__ import annotations

import functools
from collections.abc import Iterable


def same_but_case(name: str, candidates: Iterable[str]) -> str | None:
    """The candidate equal to ``name`` but for letter case, if any."""
    lowered = name.lower()
    for candidate in candidates:
        if candidate.lower() == lowered and candidate != name:
            return candidate
    return None


def did_you_mean(name: str, candidates: Iterable[str]) -> str | None:
    """The closest candidate to a misspelt name, compared without case, or None."""
    return _closest(name, tuple(candidates))


@functools.lru_cache(maxsize=1024)
def _closest(name: str, pool: tuple[str, ...]) -> str | None:
    import difflib  # imported when first needed: it is not needed to start up

    by_lower = {c.lower(): c for c in pool}
    matches = difflib.get_close_matches(name.lower(), list(by_lower), n=1, cutoff=0.75)
    return by_lower[matches[0]] if matches else None


def suggest(value: str, candidates: Iterable[str], attribute: str = "") -> str | None:
    """The accepted value to suggest for a refused one: the closest spelling, or the Restcomm
    word for a TwiML value of the same meaning (``voice="alice"``: ``woman``)."""
    pool = tuple(candidates)
    guess = _closest(value, pool)
    if guess is None:
        guess = TWIML_VALUES.get((attribute, value.strip().lower()))
    return guess if guess in pool else None


def choices(names: Iterable[str]) -> str:
    """``a, b or c``, for messages (callers quote or bracket the names)."""
    items = list(names)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " or " + items[-1]


# Elements of TwiML (and names Restcomm reserved) that Restcomm's interpreter never runs.
TWIML_ELEMENTS: dict[str, str] = {
    "Enqueue": "Restcomm reserves <Enqueue> but never implemented it",
    "Leave": "Restcomm reserves <Leave> but never implemented it",
    "Queue": "Restcomm reserves <Queue> but never implemented it",
    "Message": "<Message> is TwiML; Restcomm sends SMS with <Sms>",
    "Connect": "<Connect> is TwiML; Restcomm has no equivalent",
    "Stream": "<Stream> is TwiML; Restcomm has no equivalent",
    "Start": "<Start> is TwiML; Restcomm has no equivalent",
    "Stop": "<Stop> is TwiML; Restcomm has no equivalent",
    "Refer": "<Refer> is TwiML; Restcomm has no equivalent",
    "Pay": "<Pay> is TwiML; Restcomm has no equivalent",
    "Prompt": "<Prompt> is TwiML; Restcomm has no equivalent",
    "Echo": "<Echo> is TwiML; Restcomm has no equivalent",
    "Sim": "<Sim> is TwiML; Restcomm has no equivalent",
    "Geolocation": "Restcomm documents <Geolocation> but its parser ignores it",
}

# Attributes of TwiML (or of Restcomm's docs) that Restcomm's interpreter never reads.
TWIML_ATTRIBUTES: dict[str, str] = {
    "hangupOnStar": "Restcomm has no hang-up on *",
    "ringTone": "Restcomm always plays its own ringing tone",
    "ringback": "Restcomm always plays its own ringing tone",
    "answerOnBridge": "use Restcomm's enable-200-ok-delay setting instead",
    "recordingStatusCallback": "Restcomm sends RecordingUrl to the Dial action instead",
    "recordingStatusCallbackMethod": "Restcomm sends RecordingUrl to the Dial action instead",
    "recordingStatusCallbackEvent": "Restcomm sends RecordingUrl to the Dial action instead",
    "trim": "Restcomm never trims recordings",
    "sequential": "Restcomm rings all nouns at once; use one Dial per destination to ring in turn",
    "sendDigits": "Restcomm never sends digits after the call connects",
    "timeLimit": "on Record, use maxLength",
    "transcribe": "on Dial, Restcomm does not transcribe",
    "encoding": "Restcomm chooses the SMS encoding itself",
    "statusCallback": "Restcomm reads statusCallback only on Dial nouns",
    "statusCallbackMethod": "Restcomm reads statusCallbackMethod only on Dial nouns",
    "statusCallbackEvent": "Restcomm reads statusCallbackEvent only on Dial nouns",
    "action": "Restcomm does not read action here",
    "method": "Restcomm does not read method here (USSD replies are always POSTed)",
    "speechTimeout": "Restcomm's Gather has only timeout",
    "actionOnEmptyResult": "Restcomm never requests action without input",
    "profanityFilter": "Restcomm does not filter speech results",
    "speechModel": "Restcomm uses the configured ASR engine",
    "enhanced": "Restcomm uses the configured ASR engine",
    "machineDetection": "Restcomm has no answering-machine detection",
    "record": "on Conference, Restcomm reads record from the enclosing Dial",
    "coach": "Restcomm has no coaching",
    "region": "Restcomm has no media regions",
    "participantLabel": "Restcomm has no participant labels",
    "callReason": "Restcomm has no call reasons",
}

# TwiML values with a Restcomm equivalent of another name: (attribute, value lower-cased) ->
# the Restcomm value. TwiML's "alice" is a woman's voice; Restcomm knows only man and woman.
TWIML_VALUES: dict[tuple[str, str], str] = {
    ("voice", "alice"): "woman",
}
