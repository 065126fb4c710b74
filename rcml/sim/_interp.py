"""What every Restcomm interpreter shares (BaseVoiceInterpreter.java): the verbs that play,
wait and send, the fetching and loading of documents, notifications, stalls and errors.

The voice interpreter (:mod:`rcml.sim.call`) and the screening interpreter (:mod:`rcml.sim._dial`)
build on this class; each decides which verbs it runs and what a fetched document replaces.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NoReturn

from rcml.core.download import document_kind
from rcml.core.uri import Params, masked, resolve
from rcml.rules.urls import url_problem
from rcml.sim import _tags
from rcml.sim._attrs import java_int, present
from rcml.sim._download import Fetch
from rcml.sim._flow import FOREVER, CallerHangup, EndOfSimulation, Wait
from rcml.sim._restcomm import (
    DEFAULT_MEDIA_SECONDS,
    TTS_LANGUAGES,
    UNLIMITED_DIGITS,
    say_seconds,
)
from rcml.sim._tags import ParserFailed, Tag
from rcml.sim.script import Cursor
from rcml.sim.transcript import Event, Transcript

if TYPE_CHECKING:
    from rcml.sim.world import World

Steps = Generator[Wait, None, Any]


class Finished(Exception):
    """The interpreter is done: the call's final ``status`` and why."""

    def __init__(self, status: str, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass
class Document:
    """A document being run: its verbs' tree and the URL its relative URLs resolve against."""

    base: str
    root: Tag
    context: str


class StepCounter:
    """The loop guard: every verb and every fetch is a step."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.used = 0

    def count(self) -> None:
        self.used += 1
        if self.used > self.limit:
            raise Finished(
                "max-steps",
                f"stopped after {self.limit} steps (verbs and fetches): the call never ended, "
                "most likely a redirect loop",
            )


class Interpreter:
    """State and verbs common to the voice and screening interpreters."""

    leg: str | None = None  # "callee" on the called party's side

    def __init__(
        self,
        world: World,
        transcript: Transcript,
        cursor: Cursor,
        steps: StepCounter,
        state: str,
    ) -> None:
        self.world = world
        self.transcript = transcript
        self.cursor = cursor
        self.steps = steps
        self.state = state  # the CallStatus: ringing, in-progress, completed
        self.base = ""  # request.getUri(): where relative URLs resolve
        self.media_cache: dict[str, float] = {}
        self.last_say: Tag | None = None  # BVI's `verb` field after a Say was hashed
        self.num_digits = UNLIMITED_DIGITS  # an interpreter field, never reset (BVI L268, L1645)
        self.document_url = ""  # the URL of the document being run
        self.verb: Tag | None = None  # the verb being run

    # -- the transcript ------------------------------------------------------------------------

    @property
    def where(self) -> str:
        """The verb being run, as a transcript points at it: ``URL:LINE <Verb>``."""
        if self.verb is None:
            return self.document_url
        line = f":{self.verb.line}" if self.verb.line else ""
        return f"{self.document_url}{line} <{self.verb.name}>"

    def log(self, kind: str, data: dict[str, Any] | None = None, **more: Any) -> Event:
        fields = {**(data or {}), **more}
        if kind in ("error", "skip") and self.document_url:
            fields["where"] = self.where
        if self.leg is not None:
            fields["leg"] = self.leg
        event = Event(round(float(self.world.now), 3), kind, fields)
        self.transcript.events.append(event)
        return event

    def notify(self, code: int | None, message: str, level: str = "warning") -> None:
        """A notification Restcomm stores (warnings: the document goes on)."""
        self.log("error", code=code, level=level, message=message)

    def skip(self, verb: Tag, reason: str) -> None:
        self.log("skip", verb=verb.name, reason=reason)

    # -- time ----------------------------------------------------------------------------------

    def wait(self, seconds: float, activity: str) -> Steps:
        """Wait in virtual time; a caller who already hung up cannot hang up again."""
        end = self.world.now + max(seconds, 0.0)
        while True:
            try:
                yield Wait(max(end - self.world.now, 0.0), activity)
                return
            except CallerHangup:
                if self.state == "completed":
                    continue
                self.caller_hung_up()
                raise

    @property
    def person(self) -> str:
        """Who the script speaks for: the caller, or the called party in screening."""
        return "callee" if self.leg == "callee" else "caller"

    def caller_hung_up(self) -> None:
        self.state = "completed"
        self.log("hangup", by=self.person, reason=f"the {self.person} hung up")

    def hang_up_caller(self) -> NoReturn:
        """The script has nothing for this point: the caller hangs up here."""
        self.state = "completed"
        self.log("hangup", by=self.person,
                 reason=f"the script has nothing more: the {self.person} hangs up")
        raise CallerHangup()

    def stall(self, reason: str) -> Generator[Wait, None, NoReturn]:
        """Restcomm stops moving: silence until something outside ends the call."""
        self.log("error", code=None, level="stall", message=reason)
        try:
            yield from self.wait(FOREVER, "stalled")
        except EndOfSimulation:
            pass
        except CallerHangup:
            reason += "; then the caller hung up"
        raise Finished("stalled", reason)

    def stop(self, code: int | None, message: str) -> NoReturn:
        """StopInterpreter after an error notification: an answered call is hung up."""
        self.log("error", code=code, level="error", message=message)
        if self.state == "in-progress":
            self.log("hangup", by="restcomm", reason=f"error {code}" if code else message)
        raise Finished("failed", message)

    def resolved(self, text: str, code: int = 11100) -> str:
        """``text`` resolved against the document's URL; a text that is not a URI (Java's
        ``new URI()`` throws) stops the interpreter with ``code`` ("... is an invalid URI")."""
        problem = url_problem(text)
        if problem:
            self.stop(code, f"{text} is an invalid URI. ({problem})")
        return resolve(self.base, text)

    # -- requests ------------------------------------------------------------------------------

    def params(self) -> Params:
        raise NotImplementedError

    def fetch(
        self,
        url: str,
        method: str,
        params: Params,
        *,
        purpose: str = "document",
        context: str = "voice",
        asynchronous: bool = False,
    ) -> Fetch:
        """Make one request the way Restcomm's client for it does, and log it."""
        self.steps.count()
        downloader = self.world.downloader
        fetch = (
            downloader.asynchronous(url, method, params)
            if asynchronous
            else downloader.document(url, method, params)
        )
        data: dict[str, Any] = {
            "method": fetch.method,
            "url": fetch.url,
            "params": [tuple(p) for p in fetch.params],
            "status": fetch.status,
            "findings": self._findings(fetch, context) if purpose == "document" else [],
            "purpose": purpose,
            "context": context,
        }
        if fetch.redirects:
            data["redirects"] = fetch.redirects
        if fetch.authenticated:
            data["authenticated"] = True
        if fetch.failure:
            data["error"] = fetch.failure
        self.log("fetch", data)
        return fetch

    def _findings(self, fetch: Fetch, context: str) -> list[Any]:
        """The validator's findings on a document Restcomm will parse as RCML."""
        if fetch.status != 200 or not fetch.raw or document_kind(fetch.content_type) != "rcml":
            return []
        return list(self.world.validate(fetch.raw, context))

    def load(self, fetch: Fetch, context: str) -> Steps:
        """The document a successful fetch gives (VoiceInterpreter.java:1964-1988)."""
        kind = document_kind(fetch.content_type)
        if kind == "none":
            self.log("hangup", by="restcomm", reason="the answer has no Content-Type")
            raise Finished("failed", "the answer has no Content-Type: Restcomm hangs up")
        if kind == "rcml":
            body = fetch.text or ""
            if fetch.element is not None:  # the same text, already parsed by the XML check
                self.base = fetch.base
                self.document_url, self.verb = masked(fetch.base), None
                return Document(fetch.base, _tags.tree(fetch.element, body), context)
        elif kind == "audio":
            body = f"<Play>{fetch.base}</Play>"
        elif kind == "text":
            body = f"<Say>{fetch.text or ''}</Say>"
        else:
            yield from self.stall(
                f"Restcomm has no parser for Content-Type {fetch.content_type!r}: "
                "the call waits in silence"
            )
            raise AssertionError("unreachable")  # pragma: no cover
        self.base = fetch.base
        self.document_url, self.verb = masked(fetch.base), None
        try:
            root = _tags.parse(body)
        except ParserFailed as exc:
            self.parser_failed(exc)
        return Document(fetch.base, root, context)

    def parser_failed(self, exc: ParserFailed) -> NoReturn:
        """ParserFailed: the call is hung up (VoiceInterpreter.java:768-774)."""
        self.log("error", code=None, level="error", message=f"{exc} (ParserFailed)")
        self.log("hangup", by="restcomm", reason="Problem_to_parse_downloaded_RCML")
        raise Finished("failed", f"Restcomm could not parse the document: {exc}")

    # -- small verbs ---------------------------------------------------------------------------

    def method_of(self, verb: Tag, attribute: str, code: int, verb_name: str) -> str:
        """A method attribute: GET or POST in any case, else a warning and POST."""
        value = verb.attr(attribute)
        if not value:
            return "POST"
        if value.upper() not in ("GET", "POST"):
            self.notify(code, f"{value} is not a valid HTTP method for <{verb_name}>")
            return "POST"
        return value

    def loop_of(self, verb: Tag, code: int | None) -> int:
        value = present(verb, "loop")
        if value is None:
            return 1
        number = java_int(value)
        if number is None:
            if code is not None:
                self.notify(code, f"{value} is an invalid loop value.")
            return 1
        return number

    def voice_of(self, verb: Tag, code: int) -> str:
        voice = verb.attr("voice")
        if not voice:
            return "man"
        if voice not in ("man", "woman"):
            self.notify(code, f"{voice} is an invalid voice value.")
            return "man"
        return voice

    @staticmethod
    def language_of(verb: Tag) -> str:
        language = verb.attr("language")
        return language if language and language in TTS_LANGUAGES else "en"

    def media_seconds(self, url: str) -> tuple[float, str | None]:
        """Download a media URL through the disk cache: (playing time, failure or None)."""
        if url in self.media_cache:
            return self.media_cache[url], None
        seconds, failure = self.world.downloader.media(url)
        if failure is not None:
            return 0.0, failure
        if seconds is None:
            seconds = self.cursor.media.get(url, DEFAULT_MEDIA_SECONDS)
        self.media_cache[url] = seconds
        return seconds, None

    def say(self, verb: Tag) -> Steps:
        """Say: synthesized and played; no text, nothing said (BVI L1226-1294)."""
        voice = self.voice_of(verb, 13511)
        language = self.language_of(verb)
        if not verb.text:
            self.skip(verb, "no text to say: Restcomm moves on")
            return
        loop = self.loop_of(verb, 13510)
        self.log("say", text=verb.text, voice=voice, language=language, loop=loop)
        yield from self.wait(say_seconds(verb.text) * max(loop, 1), "say")

    def media(self, verb: Tag, what: str, thing: str, subject: str) -> tuple[str, float] | None:
        """The URL in the text of a Play or Fax, resolved and downloaded through the media cache,
        and its length; None when there is no text (the verb is skipped). An invalid URI stops
        the interpreter with 11100; a failed download hangs up (BVI L1013-1058, L1116-1197)."""
        text = verb.text
        if not text:
            self.skip(verb, f"no URL to {what}: Restcomm moves on")
            return None
        url = self.resolved(text)
        seconds, failure = self.media_seconds(url)
        if failure is not None:
            self.log("error", code=13233, level="warning", message=f"cannot download: {failure}")
            self.log("hangup", by="restcomm", reason=f"{thing} could not be downloaded")
            raise Finished(
                "failed", f"{subject} of <{verb.name}> could not be downloaded: {failure}"
            )
        return url, seconds

    def play(self, verb: Tag) -> Steps:
        """Play: the URL resolved and downloaded through the cache (BVI L1116-1197)."""
        media = self.media(verb, "play", "the media", "the media")
        if media is None:
            return
        url, seconds = media
        loop = self.loop_of(verb, 13410)
        self.log("play", url=masked(url), loop=loop)
        yield from self.wait(seconds * max(loop, 1), "play")

    def pause(self, verb: Tag) -> Steps:
        """Pause: ``length`` seconds, 1 by default (BVI L1060-1088)."""
        length = 1
        value = present(verb, "length")
        if value is not None:
            number = java_int(value)
            if number is None:
                self.notify(13910, "Invalid length value.")
            else:
                length = number
        self.log("pause", length=length)
        yield from self.wait(float(max(length, 0)), "pause")

    def redirect_target(self, verb: Tag) -> tuple[str, str] | None:
        """Redirect's (url, method), or None when it has no text (BVI L1325-1377)."""
        method = self.method_of(verb, "method", 13710, "Redirect")
        text = verb.text
        if not text:
            self.skip(verb, "no URL: Restcomm moves on")
            return None
        url = self.resolved(text)
        self.log("redirect", url=masked(url), method=method.upper())
        return url, method

    def sms(self, verb: Tag, caller: str, called: str) -> tuple[str, str] | None:
        """Sms: sent from the called number to the caller unless told (BVI L2202-2343).

        Returns the action's (url, method) when there is one: its answer replaces the document.
        """
        sender = verb.attr("from")
        recipient = verb.attr("to")
        sender = called if sender is None else sender
        recipient = caller if recipient is None else recipient
        body = verb.text
        if not body:
            self.stop(14103, f"{'null' if body is None else body} is an invalid SMS body.")
        self.log("sms", {"to": recipient, "from": sender, "body": body})
        action = present(verb, "action")
        if action is None:
            return None
        return self.resolved(action), self.method_of(verb, "method", 14104, "Sms")

    def email(self, verb: Tag) -> Steps:
        """Email: without ``to`` or ``from`` the send fails and the interpreter never moves on
        (BVI L747-806, VoiceInterpreter.java:808-817)."""
        sender, recipient = verb.attr("from"), verb.attr("to")
        if sender is None or recipient is None:
            missing = "From" if sender is None else "To"
            yield from self.stall(f"<Email>: {missing} attribute was not defined; the send fails")
        self.log(
            "email",
            {
                "to": recipient,
                "from": sender,
                "cc": verb.attr("cc") or "",
                "bcc": verb.attr("bcc") or "",
                "subject": verb.attr("subject") or "Restcomm Email Service",
                "body": verb.text,
            },
        )

    def fax(self, verb: Tag, caller: str) -> None:
        """Fax: the document is downloaded through the cache, then sent (BVI L1013-1058)."""
        media = self.media(verb, "fax", "the fax document", "the document")
        if media is None:
            return
        url, _ = media
        self.log("fax", url=masked(url), to=verb.attr("to") or caller)
