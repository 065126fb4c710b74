"""Tree rules about `<Dial>` and its nouns: what Restcomm actually dials."""

from __future__ import annotations

from urllib.parse import urlsplit

from lxml import etree

from rcml.core.document import JAVA_BLANKS, Document, text_of
from rcml.core.findings import Finding, Severity
from rcml.rules.base import Rule
from rcml.rules.urls import has_scheme, java_resolve, url_problem, wait_url_is_audio
from rcml.schema import AttributeSpec, Schema


class DialTextAndNouns(Rule):
    """A `<Dial>` with both text and nouns: Restcomm dials the text and drops the nouns.

    What it does
    Reports a Dial whose own text (the shorthand destination) stands beside child nouns.

    Why it matters
    When Dial has text, Restcomm turns it into a single Number, Client or Sip and ignores every
    child element: the nouns you wrote are never called. Text without a letter or digit (often
    left over from a template) is reported as a warning: it cannot be a destination.

    Example
        <Response><Dial>+15550100<Client>alice</Client></Dial></Response>

    Use instead
        <Response><Dial><Number>+15550100</Number><Client>alice</Client></Dial></Response>
    """

    code = "RCML111"
    cleared_by = "strict-schema"
    name = "dial-text-and-nouns"
    severity = Severity.ERROR

    def tags(self, schema: Schema) -> frozenset[str]:
        return frozenset({"Dial"})

    def check_element(self, doc: Document, element: etree._Element) -> list[Finding] | None:
        if len(element) == 0:
            return None
        text = text_of(element)
        nouns = doc.schema.noun_set
        dropped = [c.tag for c in element if c.tag in nouns]
        if not text or not dropped:
            return None
        if not any(ch.isalnum() for ch in text):
            return [
                self.report(
                    doc,
                    element,
                    f"stray text {text!r} in <Dial> beside its nouns; Restcomm may "
                    "take it for a destination and drop the nouns",
                    "remove the stray text",
                    severity=Severity.WARNING,
                )
            ]
        names = ", ".join(f"<{t}>" for t in dropped)
        return [
            self.report(
                doc,
                element,
                f"Restcomm dials the text {text!r} and drops the nouns {names}",
                f"put {text!r} in its own noun, or remove it",
            )
        ]


class ConferenceWithOtherNouns(Rule):
    """A `<Conference>` in a Dial with other nouns: Restcomm uses only the Conference.

    What it does
    Reports a Dial that holds a Conference together with other nouns, or more than one
    Conference.

    Why it matters
    When a Dial holds a Conference, Restcomm joins that conference and ignores every other noun,
    so nobody else is called.

    Example
        <Response><Dial><Conference>room</Conference><Client>alice</Client></Dial></Response>

    Use instead
        <Response><Dial><Conference>room</Conference></Dial></Response>
    """

    code = "RCML112"
    cleared_by = "strict-schema"
    name = "conference-with-other-nouns"
    severity = Severity.ERROR

    def tags(self, schema: Schema) -> frozenset[str]:
        return frozenset({"Dial"})

    def check_element(self, doc: Document, element: etree._Element) -> list[Finding] | None:
        if len(element) < 2:
            return None
        nouns = doc.schema.noun_set
        children = [c for c in element if c.tag in nouns]
        conferences = [c for c in children if c.tag == "Conference"]
        if not conferences or len(children) == 1:
            return None
        others = [c for c in children if c is not conferences[0]]
        return [
            self.report(
                doc,
                others[0],
                f"Restcomm joins the first <Conference> and ignores the other "
                f"{len(others)} noun(s) of this <Dial>",
                "use one <Dial> per conference, and separate <Dial>s for other calls",
            )
        ]


def _video(noun: etree._Element) -> etree._Element | None:
    """The noun's first <Video> child: with one, Restcomm reads the destination from `name`."""
    return next(noun.iterchildren("Video"), None)


def _value(element: etree._Element, name: str) -> str | None:
    """An attribute as Restcomm reads it (trimmed), or None when absent."""
    value = element.get(name)
    return None if value is None else value.strip(JAVA_BLANKS)


class VideoWithoutName(Rule):
    """A noun with a `<Video>` child but no `name` attribute, or an empty one.

    What it does
    Reports Number, Client, Sip, Uri and Conference elements that hold `<Video>` without a
    `name`, or with an empty one.

    Why it matters
    With a Video child Restcomm ignores the noun's text and reads the destination from `name`
    (VoiceInterpreter.java:2396-2398, 2286-2298). Without it the interpreter fails while it
    prepares the dial and the call stalls in silence; with an empty name a Conference joins a room
    named "" that every such call shares, and other nouns have nothing to dial.

    Example
        <Response><Dial><Client>alice<Video enable="true"/></Client></Dial></Response>

    Use instead
        <Response><Dial><Client name="alice"><Video enable="true"/></Client></Dial></Response>
    """

    code = "RCML113"
    cleared_by = "strict-schema"
    name = "video-without-name"
    severity = Severity.ERROR

    def tags(self, schema: Schema) -> frozenset[str]:
        return frozenset({"Video"})

    def check_element(self, doc: Document, element: etree._Element) -> list[Finding] | None:
        noun = element.getparent()
        if noun is None or noun.tag not in doc.schema.noun_set or _video(noun) is not element:
            return None
        name = _value(noun, "name")
        if name:
            return None
        text = text_of(noun)
        hint = f'write <{noun.tag} name="{text or "..."}">'
        if name is None:
            message = (
                f"<{noun.tag}> holds <Video> but has no 'name'; Restcomm ignores its text, fails "
                "reading the name, and the call stalls"
            )
        elif noun.tag == "Conference":
            message = (
                "<Conference> holds <Video> and an empty 'name': Restcomm names the room '', one "
                "room for every such call"
            )
        else:
            message = (
                f"<{noun.tag}> holds <Video> and an empty 'name': Restcomm reads the destination "
                "from it and has nothing to dial"
            )
        return [self.report(doc, noun, message, hint)]


class NounNameIgnored(Rule):
    """A noun's `name` without a `<Video>` child: Restcomm ignores it and uses the text.

    What it does
    Reports Number, Client, Sip, Uri and Conference elements that have a `name` different from
    their text but no `<Video>` child. (A noun with a `name` and no text at all is an
    `empty-verb` error.)

    Why it matters
    Restcomm reads `name` only when the noun holds a `<Video>`; otherwise it dials the text
    (VoiceInterpreter.java:2396-2401) or names the room after it (VoiceInterpreter.java:2286-2289),
    so the name the author wrote is never used.

    Example
        <Response><Dial><Client name="alice">bob</Client></Dial></Response>

    Use instead
        <Response><Dial><Client>alice</Client></Dial></Response>
    """

    code = "RCML131"
    cleared_by = "strict-schema"
    name = "noun-name-ignored"
    severity = Severity.WARNING

    def tags(self, schema: Schema) -> frozenset[str]:
        return schema.tags_with_kind("video-name")

    def check_element(self, doc: Document, element: etree._Element) -> list[Finding] | None:
        name = _value(element, "name")
        if name is None or _video(element) is not None:
            return None
        text = text_of(element)
        if not text or text == name:
            return None  # no text: RCML501; the same value: nothing is lost
        what = "joins the room" if element.tag == "Conference" else "dials"
        return [
            self.report(
                doc,
                element,
                f"Restcomm {what} {text!r} and ignores name={name!r}: <{element.tag}> reads "
                "'name' only when it holds a <Video>",
                "remove 'name', or put the destination in the text",
                attribute="name",
            )
        ]


class RelativeStatusCallback(Rule):
    """A relative `statusCallback`: Restcomm never resolves it, so no callback is sent.

    What it does
    Reports a Dial noun's `statusCallback` that is a relative URL (`/events`, `events.php`).

    Why it matters
    Unlike every other URL in RCML, Restcomm uses `statusCallback` as written, without resolving
    it against the document's URL (VoiceInterpreter.java:2376-2377); the call leg then requests it
    (Call.java:599-613), and a URL without a host cannot be requested: no progress event ever
    reaches the application, and nothing says so.

    Example
        <Response><Dial><Client statusCallback="/events">alice</Client></Dial></Response>

    Use instead
        <Response><Dial>
          <Client statusCallback="https://app.example.com/events">alice</Client>
        </Dial></Response>
    """

    code = "RCML231"
    cleared_by = "url-walk"
    name = "relative-status-callback"
    severity = Severity.WARNING

    def tags(self, schema: Schema) -> frozenset[str]:
        return frozenset(schema.unresolved_urls)

    def check_element(self, doc: Document, element: etree._Element) -> list[Finding] | None:
        found = None
        for name in doc.schema.unresolved_urls.get(str(element.tag), ()):
            url = _value(element, name)
            if not url or url_problem(url) is not None or has_scheme(url):
                continue  # empty: RCML220; not a URL: RCML301
            found = found or []
            found.append(
                self.report(
                    doc,
                    element,
                    f"{name}={url!r} on <{element.tag}> is relative; Restcomm does not resolve it "
                    "against the document's URL, so no status callback is ever sent",
                    "write an absolute URL, such as 'https://app.example.com/events'",
                    attribute=name,
                )
            )
        return found


# Extensions of audio and video files: a waitUrl ending so is meant to be played, not run.
AUDIO_EXTENSIONS = frozenset(
    {"mp3", "mp4", "m4a", "aac", "ogg", "oga", "opus", "flac", "gsm", "au", "aif", "aiff"}
    | {"amr", "3gp", "webm", "wma", "vox", "ulaw", "alaw", "pcm", "raw"}
)


class WaitUrlNotWav(Rule):
    """A Conference `waitUrl` to an audio file that is not a `.wav`: the call fails.

    What it does
    Reports a `waitUrl` whose path ends in an audio or video extension other than `wav`
    (`.mp3`, `.ogg`, `.gsm` ...).

    Why it matters
    Restcomm plays a `waitUrl` only when its path, lower-cased and without the query, ends in
    `wav` (VoiceInterpreter.java:3169); any other URL is fetched as an RCML document
    (VoiceInterpreter.java:3173-3177). An audio file does not parse as XML, so the download fails
    (Downloader.java:160-174) and so does the call of the participant who waits
    (VoiceInterpreter.java:1240-1241).

    Example
        <Response><Dial>
          <Conference startConferenceOnEnter="false" waitUrl="/hold.mp3">room</Conference>
        </Dial></Response>

    Use instead
        <Response><Dial>
          <Conference startConferenceOnEnter="false" waitUrl="/hold.wav">room</Conference>
        </Dial></Response>
    """

    code = "RCML232"
    cleared_by = "url-walk"
    name = "wait-url-not-wav"
    severity = Severity.ERROR

    def tags(self, schema: Schema) -> frozenset[str]:
        return frozenset(tag for tag in schema.elements if _played(schema, tag))

    def check_element(self, doc: Document, element: etree._Element) -> list[Finding] | None:
        found = None
        for attribute in _played(doc.schema, str(element.tag)):
            url = _value(element, attribute.name)
            ending = attribute.plays or ""
            extension = unplayable(url, ending) if url else None
            if extension is None:
                continue
            found = found or []
            found.append(
                self.report(
                    doc,
                    element,
                    f"{attribute.name}={url!r}: Restcomm plays only URLs whose path ends in "
                    f"{ending!r} and fetches this .{extension} file as an RCML document; it does "
                    "not parse and the waiting caller's call fails",
                    f"convert the audio to .{ending}, or point {attribute.name} at a document "
                    "that <Play>s it",
                    attribute=attribute.name,
                )
            )
        return found


def unplayable(url: str, ending: str) -> str | None:
    """The extension of an audio file at ``url`` that Restcomm will fetch as a document, since
    its path does not end in ``ending`` (``r:plays``); None when the URL is fine (or invalid:
    RCML301 says so)."""
    if url_problem(url.strip(JAVA_BLANKS)) is not None or wait_url_is_audio(url, ending):
        return None
    path = urlsplit(url.strip(JAVA_BLANKS)).path.lower()
    extension = path.rpartition(".")[2] if "." in path.rpartition("/")[2] else ""
    return extension if extension in AUDIO_EXTENSIONS else None


def _played(schema: Schema, tag: str) -> tuple[AttributeSpec, ...]:
    """The attributes of ``tag`` that Restcomm plays or runs depending on their ending."""
    spec = schema.elements.get(tag)
    return tuple(a for a in spec.attributes.values() if a.plays) if spec is not None else ()


_BASE = "http://rcml.invalid/app/document.xml"  # stands for the document's own URL


class WaitDocumentReplacesDial(Rule):
    """A Conference whose wait document takes over the call: verbs after the `<Dial>` never run.

    What it does
    Reports a `<Dial>` whose `<Conference>` makes its caller wait (`startConferenceOnEnter` not
    true) with a `waitUrl` that is a document (its path does not end in `wav`), when verbs follow
    the Dial, or when the Dial's relative `action` would lead elsewhere from the waitUrl.

    Why it matters
    To play a wait document, Restcomm stops this document's parser and runs the wait document in
    its place, and remembers the waitUrl as the current URL (VoiceInterpreter.java:3173-3176,
    1205-1214). When the conference ends it asks that finished parser for the next verb
    (VoiceInterpreter.java:3349-3351), so the verbs after the `<Dial>` never run and the call
    hangs up; a relative `action` is resolved against the waitUrl (VoiceInterpreter.java:3323).
    This happens when the caller is the first in the room (with Restcomm's
    `play-music-for-conference` setting, for every first caller).

    Example
        <Response>
          <Dial><Conference startConferenceOnEnter="false" waitUrl="/wait/music.xml">room
          </Conference></Dial>
          <Say>The conference has ended</Say>
        </Response>

    Use instead
        <Response>
          <Dial action="https://app.example.com/after-conference">
            <Conference startConferenceOnEnter="false" waitUrl="/wait/music.xml">room</Conference>
          </Dial>
        </Response>
    """

    code = "RCML430"
    cleared_by = "url-walk-and-strict-schema"
    name = "wait-document-replaces-dial"
    severity = Severity.WARNING

    def check_document(self, doc: Document) -> list[Finding] | None:
        if next(doc.root.iter("Conference"), None) is None:
            return None  # no room to wait in
        found: list[Finding] = []
        verbs = doc.top_verbs
        for position, dial in enumerate(verbs):
            if dial.tag != "Dial" or text_of(dial):
                continue  # a Dial with text dials the text (RCML111)
            room = next(dial.iterchildren("Conference"), None)
            wait = wait_document(room) if room is not None else None
            if wait is None:
                continue
            action = _value(dial, "action")
            later = verbs[position + 1 :]
            if later and not action:
                found.append(
                    self.report(
                        doc,
                        later[0],
                        f"if the caller waits alone in the room, Restcomm runs the wait document "
                        f"{wait!r} in place of this one: the {len(later)} verb(s) after <Dial> "
                        "never run and the call hangs up when the conference ends",
                        "move them to a document behind the Dial's action",
                    )
                )
            if action and url_problem(action) is None and not has_scheme(action):
                here = java_resolve(_BASE, action)
                there = java_resolve(java_resolve(_BASE, wait), action)
                if here != there:
                    found.append(
                        self.report(
                            doc,
                            dial,
                            f"if the caller waits alone in the room, Restcomm resolves the "
                            f"action {action!r} against the waitUrl {wait!r}, not against this "
                            "document, so it leads elsewhere",
                            "write the action as an absolute path or URL",
                            attribute="action",
                        )
                    )
        return found or None


def wait_document(room: etree._Element) -> str | None:
    """The waitUrl of a Conference whose caller waits, when it is a document; else None (the
    condition of RCML430, which the prefilter's walk also checks)."""
    start = _value(room, "startConferenceOnEnter")
    if not start or start.lower() == "true":
        return None  # absent or empty: true (VoiceInterpreter.java:3083-3092)
    url = _value(room, "waitUrl")
    if not url or url_problem(url) is not None or wait_url_is_audio(url):
        return None
    return url


RULES: tuple[type[Rule], ...] = (
    DialTextAndNouns,
    ConferenceWithOtherNouns,
    VideoWithoutName,
    NounNameIgnored,
    RelativeStatusCallback,
    WaitUrlNotWav,
    WaitDocumentReplacesDial,
)
