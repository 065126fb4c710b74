"""Golden cases: one call each, for every verb and every quirk the simulator reproduces.

Each case cites the Restcomm Java (commit c67f142) that decides what the transcript shows, in a
comment and in ``cite``; docs/restcomm-behaviour.md lists the same citations (a test holds the
two together). A case runs either a site folder (``docs``: file name -> content; the call starts
at ``start``) or the test app of :mod:`tests.sim.apps` (``routes``: path -> answer), whose
answers the site server never gives.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rcml.sim import Script, parse_dial, parse_input, parse_record
from tests.sim.apps import Answer, response

R = response
WAV = "RIFF" + "\0" * 4 + "WAVEfmt " + "\x10\0\0\0\x01\0\x01\0\x40\x1f\0\0\x80\x3e\0\0\x02\0\x10\0"


def _wav(seconds: int) -> str:
    """A WAV file of ``seconds`` at 16000 bytes a second (its header says so; no samples)."""
    size = 16000 * seconds
    return WAV + "data" + size.to_bytes(4, "little").decode("latin-1")


@dataclass(frozen=True)
class Case:
    name: str
    cite: str
    docs: dict[str, str] = field(default_factory=dict)
    routes: dict[str, Answer] = field(default_factory=dict)
    script: Script = field(default_factory=Script)
    start: str = "start.xml"
    options: dict[str, Any] = field(default_factory=dict)
    context: str = "voice"


def inputs(*specs: str, **more: Any) -> Script:
    return Script(inputs=tuple(parse_input(s) for s in specs), **more)


def dials(*specs: str, **more: Any) -> Script:
    return Script(dials=tuple(parse_dial(s) for s in specs), **more)


def records(*specs: str, **more: Any) -> Script:
    return Script(records=tuple(parse_record(s) for s in specs), **more)


CASES = [
    # -- Say, Play, Pause --------------------------------------------------------------------
    # BaseVoiceInterpreter.java:1226-1255: voice man|woman else 13511 and man; an unknown
    # language is silently en; Playing L1172-1190 reads loop.
    Case("say", "BaseVoiceInterpreter.java:1226-1255",
         docs={"start.xml": R('<Say voice="woman" language="fr" loop="2">Bonjour</Say>'
                              '<Say voice="alice" language="xx">Hello</Say>')}),
    # BaseVoiceInterpreter.java:1281-1292: a Say with no text synthesizes nothing; next verb.
    Case("say-empty", "BaseVoiceInterpreter.java:1281-1292",
         docs={"start.xml": R("<Say>  </Say><Say>After</Say>")}),
    # BaseVoiceInterpreter.java:1149-1152 and UriUtils.java:75-83: the URL resolves against the
    # document's URL; the WAV file's header gives its length (2 s here).
    Case("play", "BaseVoiceInterpreter.java:1149-1152",
         docs={"start.xml": R('<Play loop="3">media/beep.wav</Play>'),
               "media/beep.wav": _wav(2)}),
    # VoiceInterpreter.java:1082-1096: a cache download failure is warning 13233 and a hang-up.
    Case("play-missing-media", "VoiceInterpreter.java:1082-1096",
         docs={"start.xml": R("<Play>missing.wav</Play><Say>never</Say>")}),
    # BaseVoiceInterpreter.java:1137-1147: a URL java.net.URI refuses is error 11100: stop.
    Case("play-invalid-uri", "BaseVoiceInterpreter.java:1137-1147",
         docs={"start.xml": R("<Say>first</Say><Play>my file.wav</Play><Say>never</Say>")}),
    # VoiceInterpreter.java:985-992: on a ringing call Pause waits without answering, Reject
    # rejects; CallStatus stays ringing.
    Case("pause-while-ringing", "VoiceInterpreter.java:985-992",
         docs={"start.xml": R('<Pause length="3"/><Reject reason="busy"/>')}),
    # BaseVoiceInterpreter.java:1071-1086: a bad length is warning 13910; the pause is 1 s.
    Case("pause-invalid-length", "BaseVoiceInterpreter.java:1071-1086",
         docs={"start.xml": R('<Say>a</Say><Pause length="two"/><Say>b</Say>')}),
    # -- Gather --------------------------------------------------------------------------------
    # BaseVoiceInterpreter.java:1764-1786: the finishing key is cut from Digits; SpeechResult is
    # Java's null for keys, sent as a bare name.
    Case("gather-action", "BaseVoiceInterpreter.java:1764-1786",
         docs={"start.xml": R('<Gather action="next.xml" timeout="3"><Say>Your PIN</Say>'
                              "</Gather>"),
               "next.xml": R("<Say>Thanks</Say>")},
         script=inputs("1234#")),
    # BaseVoiceInterpreter.java:1775-1798: input without an action is dropped; the next verb.
    Case("gather-no-action", "BaseVoiceInterpreter.java:1775-1798",
         docs={"start.xml": R("<Gather><Say>Press a key</Say></Gather><Say>Moving on</Say>")},
         script=inputs("5")),
    # BaseVoiceInterpreter.java:1764-1776: no input (a timeout, or only the finishing key) makes
    # no request either.
    Case("gather-timeout", "BaseVoiceInterpreter.java:1764-1776",
         docs={"start.xml": R('<Gather action="next.xml" timeout="4"><Say>Anyone?</Say>'
                              '</Gather><Gather action="next.xml"/><Say>Bye</Say>'),
               "next.xml": R("<Say>never</Say>")},
         script=inputs("timeout", "#")),
    # BaseVoiceInterpreter.java:268, 1639-1651: numDigits is an interpreter field, never reset:
    # a later Gather without numDigits still stops after 2 keys.
    Case("gather-numdigits-carried", "BaseVoiceInterpreter.java:1639-1651",
         docs={"start.xml": R('<Gather numDigits="2" action="one.xml"/>'),
               "one.xml": R('<Gather action="two.xml"><Say>Again</Say></Gather>'),
               "two.xml": R("<Say>done</Say>")},
         script=inputs("12", "345678#")),
    # BaseVoiceInterpreter.java:1546-1558: a trailing Pause makes the prompt walk call get(0)
    # on an empty list; the exception is swallowed and the Gather never starts.
    Case("gather-trailing-pause", "BaseVoiceInterpreter.java:1546-1558",
         docs={"start.xml": R("<Gather><Say>Hello</Say><Pause/></Gather><Say>never</Say>")},
         script=inputs("1", hangup_at=20)),
    # BaseVoiceInterpreter.java:1459-1566: a child other than Say, Play, Pause is never
    # requested nor removed: the Gather never starts.
    Case("gather-unknown-child", "BaseVoiceInterpreter.java:1459-1566",
         docs={"start.xml": R("<Gather><Say>Hi</Say><Foo/></Gather><Say>never</Say>")}),
    # Collect.java:33-43: input="speech" listens to speech only; a DTMF Gather hears no speech.
    Case("gather-speech", "Collect.java:33-43",
         docs={"start.xml": R('<Gather input="speech" action="heard.xml"><Say>Which department?'
                              '</Say></Gather>'),
               "heard.xml": R('<Gather action="never.xml"><Say>Say it</Say></Gather>'
                              "<Say>Keys only</Say>"),
               "never.xml": R("<Say>never</Say>")},
         script=inputs("speech:sales", "speech:support")),
    # HttpRequestDescriptor.java:57-62, Downloader.java:207-216: the URL's query is parsed into
    # fields sent after Restcomm's parameters; a GET sends them all as its query.
    Case("gather-get-query", "HttpRequestDescriptor.java:57-62",
         docs={"start.xml": R('<Gather action="next.xml?menu=main&amp;x=1" method="get" '
                              'numDigits="1"/>'),
               "next.xml": R("<Say>ok</Say>")},
         script=inputs("7")),
    # VoiceInterpreter.java:1978-1979, HttpAsycClientHelper.java:99-150: a Gather's action is
    # fetched without the downloader's XML check, so a text/plain answer is spoken.
    Case("gather-action-text-plain", "VoiceInterpreter.java:1978-1979",
         routes={"/start.xml": Answer(body=R('<Gather action="/plain" numDigits="1"/>')),
                 "/plain": Answer(content_type="text/plain; charset=UTF-8",
                                  body="You pressed a key")},
         script=inputs("1")),
    # BaseVoiceInterpreter.java:1707-1715: an empty action with input is error 11101; the call
    # stops (the request also goes out, to the document's folder: java.net.URI.resolve("")).
    Case("gather-empty-action", "BaseVoiceInterpreter.java:1707-1715",
         docs={"start.xml": R('<Gather action="" numDigits="1"/>')},
         script=inputs("1")),
    # -- Record --------------------------------------------------------------------------------
    # BaseVoiceInterpreter.java:2091-2161: RecordingUrl (the file), PublicRecordingUrl,
    # RecordingDuration (a Java double) and Digits (the key that ended it).
    Case("record-action", "BaseVoiceInterpreter.java:2127-2161",
         docs={"start.xml": R('<Record action="saved.xml" maxLength="60"/>'),
               "saved.xml": R("<Say>Saved</Say>")},
         script=records("12:#")),
    # BaseVoiceInterpreter.java:2162-2168: hanging up ends the recording with Digits=hangup;
    # the action's document runs with only Sms, Email and Fax (VoiceInterpreter.java:993-1054).
    Case("record-hangup", "BaseVoiceInterpreter.java:2162-2168",
         docs={"start.xml": R('<Record action="saved.xml" playBeep="false"/>'),
               "saved.xml": R('<Say>never heard</Say><Sms to="+15550100">Thanks</Sms>')},
         script=records("hangup:8")),
    # BaseVoiceInterpreter.java:1984-1990, 2128-2146: nothing recorded: no Recording, so no
    # RecordingUrl; silence ends a take after `timeout`.
    Case("record-silence", "BaseVoiceInterpreter.java:1984-1990",
         docs={"start.xml": R('<Record action="a.xml" timeout="2"/>'),
               "a.xml": R('<Record action="b.xml" timeout="2"/>'),
               "b.xml": R("<Say>done</Say>")},
         script=records("0", "4")),
    # BaseVoiceInterpreter.java:2173-2177: no action: the next verb.
    Case("record-no-action", "BaseVoiceInterpreter.java:2173-2177",
         docs={"start.xml": R('<Record finishOnKey="*"/><Say>Next</Say>')},
         script=records("3:*")),
    # BaseVoiceInterpreter.java:2093-2096, 2173: action="" neither requests nor moves on.
    Case("record-empty-action", "BaseVoiceInterpreter.java:2093-2096",
         docs={"start.xml": R('<Record action=""/><Say>never</Say>')},
         script=records("3:#")),
    # -- Dial ----------------------------------------------------------------------------------
    # VoiceInterpreter.java:2744-2780 and DialActionTest.java:421-424: an answered Dial.
    Case("dial-answered", "VoiceInterpreter.java:2744-2780",
         docs={"start.xml": R('<Dial action="after.xml"><Client>alice</Client></Dial>'),
               "after.xml": R("<Say>Call ended</Say>")},
         script=dials("answered:20")),
    # DialActionTest.java:756-762: busy.
    Case("dial-busy", "DialActionTest.java:756-762",
         docs={"start.xml": R('<Dial action="after.xml"><Number>+15550142</Number></Dial>'),
               "after.xml": R("<Say>Busy</Say>")},
         script=dials("busy")),
    # DialActionTest.java:671-679: nobody answers: the branch is canceled, DialCallStatus is
    # "canceled" (not no-answer) and DialRingDuration is the timeout.
    Case("dial-no-answer", "DialActionTest.java:671-679",
         docs={"start.xml": R('<Dial action="after.xml" timeout="15"><Client>bob</Client>'
                              "</Dial>"),
               "after.xml": R("<Say>No answer</Say>")},
         script=dials("no-answer")),
    # DialActionTest.java:261-264, VoiceInterpreter.java:2704-2715: the leg cannot be created.
    Case("dial-failed", "VoiceInterpreter.java:2704-2715",
         docs={"start.xml": R('<Dial action="after.xml"><Client>nobody</Client></Dial>'),
               "after.xml": R("<Say>Failed</Say>")},
         script=dials("failed")),
    # DialActionTest.java:844-848, VoiceInterpreter.java:2761-2762: the caller hangs up while
    # connected: DialCallStatus and CallStatus completed; only Sms runs in the action document.
    Case("dial-caller-hangs-up", "VoiceInterpreter.java:2761-2762",
         docs={"start.xml": R('<Dial action="after.xml"><Number>+15550142</Number></Dial>'),
               "after.xml": R("<Say>never</Say><Sms>Sorry we missed you</Sms>")},
         script=dials("answered:60", hangup_at=30)),
    # VoiceInterpreter.java:2478-2485: without an action the next verb runs; the script ran
    # out, so the caller hangs up at the next Dial.
    Case("dial-no-action", "VoiceInterpreter.java:2478-2485",
         docs={"start.xml": R("<Dial><Number>+15550142</Number></Dial><Say>Next</Say>"
                              "<Dial>+15550143</Dial><Say>Last</Say>")},
         script=dials("answered:5")),
    # VoiceInterpreter.java:2252-2279: Dial's text makes one noun (here a Client) and the
    # child elements are dropped.
    Case("dial-text", "VoiceInterpreter.java:2252-2279",
         docs={"start.xml": R("<Dial>client:alice<Number>+15550142</Number></Dial>")},
         script=dials("answered:3")),
    # VoiceInterpreter.java:2854-2885: timeLimit ends the bridge and hangs up the caller too.
    Case("dial-time-limit", "VoiceInterpreter.java:2854-2885",
         docs={"start.xml": R('<Dial timeLimit="10" action="after.xml"><Number>+15550142'
                              "</Number></Dial>"),
               "after.xml": R("<Say>never</Say>")},
         script=dials("answered:30")),
    # Call.java:516-590, VoiceInterpreter.java:2376-2392: status callbacks per leg event; a
    # space-separated statusCallbackEvent is one unknown token, so nothing fires.
    Case("dial-status-callback", "Call.java:516-590",
         docs={"start.xml": R('<Dial><Number statusCallback="http://localhost/cb.xml">'
                              "+15550142</Number></Dial>"
                              '<Dial><Number statusCallback="http://localhost/cb.xml" '
                              'statusCallbackEvent="initiated ringing">+15550143</Number></Dial>'),
               "cb.xml": R("")},
         script=dials("answered:4", "answered:4")),
    # VoiceInterpreter.java:2596-2600, 2755-2772: record="true" records the bridge; the
    # recording URL stays in the interpreter for later Dials (never reset).
    Case("dial-record", "VoiceInterpreter.java:2596-2600",
         docs={"start.xml": R('<Dial record="true" action="a.xml"><Number>+15550142</Number>'
                              "</Dial>"),
               "a.xml": R('<Dial action="b.xml"><Number>+15550143</Number></Dial>'),
               "b.xml": R("<Hangup/>")},
         script=dials("answered:5", "busy")),
    # VoiceInterpreter.java:1633-1636: OutboundCallSid is sent on every later request.
    Case("dial-outbound-sid", "VoiceInterpreter.java:1633-1636",
         docs={"start.xml": R('<Dial><Number>+15550142</Number></Dial>'
                              '<Redirect>next.xml</Redirect>'),
               "next.xml": R("<Hangup/>")},
         script=dials("answered:2")),
    # VoiceInterpreter.java:2783-2788, 1506-1535: action="" neither requests nor moves on.
    Case("dial-empty-action", "VoiceInterpreter.java:2783-2788",
         docs={"start.xml": R('<Dial action=""><Number>+15550142</Number></Dial><Say>x</Say>')},
         script=dials("busy")),
    # VoiceInterpreter.java:2411-2465: a noun that is not Number, Client, Sip or Uri is never
    # dialled; the Dial never ends.
    Case("dial-unknown-noun", "VoiceInterpreter.java:2411-2465",
         docs={"start.xml": R("<Dial><Queue>support</Queue></Dial><Say>never</Say>")}),
    # -- screening (a noun's url) ----------------------------------------------------------------
    # VoiceInterpreter.java:3589-3618, SubVoiceInterpreter.java:360-365, 416-461: the screening
    # document runs on the called party with its own parameters; at its end the call connects.
    Case("screening-connects", "VoiceInterpreter.java:3589-3618",
         docs={"start.xml": R('<Dial action="after.xml"><Client url="screen.xml">bob</Client>'
                              "</Dial>"),
               "screen.xml": R('<Gather numDigits="1"><Say>Call for you, press 1</Say>'
                               "</Gather>"),
               "after.xml": R("<Say>Bye</Say>")},
         script=dials("answered:10", callee=inputs("1"))),
    # SubVoiceInterpreter.java:348-350, VoiceInterpreter.java:3603-3606, 3377-3379: Hangup in
    # the screening document hangs up the caller; the action is still requested, unused.
    Case("screening-hangup", "SubVoiceInterpreter.java:348-350",
         docs={"start.xml": R('<Dial action="after.xml"><Number url="screen.xml">+15550142'
                              "</Number></Dial>"),
               "screen.xml": R("<Say>Not now</Say><Hangup/>"),
               "after.xml": R("<Say>never</Say>")},
         script=dials("answered:10")),
    # SubVoiceInterpreter.java:493-520: a Redirect is fetched but its answer is not run; the
    # same document goes on.
    Case("screening-redirect", "SubVoiceInterpreter.java:493-520",
         docs={"start.xml": R('<Dial><Number url="screen.xml">+15550142</Number></Dial>'),
               "screen.xml": R("<Redirect>other.xml</Redirect><Say>Still here</Say>"),
               "other.xml": R("<Hangup/>")},
         script=dials("answered:3")),
    # SubVoiceInterpreter.java:108-148: no transition from "finish gathering" to "ready": a
    # Gather action's answer stops the screening; after 60 s the caller is hung up.
    Case("screening-gather-action", "SubVoiceInterpreter.java:108-148",
         docs={"start.xml": R('<Dial><Number url="screen.xml">+15550142</Number></Dial>'),
               "screen.xml": R('<Gather action="yes.xml" numDigits="1"/>'),
               "yes.xml": R("<Say>ok</Say>")},
         script=dials("answered:3", callee=inputs("1"))),
    # SubVoiceInterpreter.java:331-332: Dial in a screening document hangs up the caller.
    Case("screening-dial", "SubVoiceInterpreter.java:331-332",
         docs={"start.xml": R('<Dial><Number url="screen.xml">+15550142</Number></Dial>'),
               "screen.xml": R("<Dial>+15550199</Dial>")},
         script=dials("answered:3")),
    # -- Conference ----------------------------------------------------------------------------
    # VoiceInterpreter.java:3218-3221, 3276-3353: the call stays until timeLimit, then the
    # action is requested with the standard parameters only.
    Case("conference", "VoiceInterpreter.java:3276-3353",
         docs={"start.xml": R('<Dial timeLimit="60" action="after.xml"><Conference '
                              'waitUrl="wait.xml">room</Conference></Dial>'),
               "wait.xml": R("<Say>never fetched</Say>"),
               "after.xml": R("<Say>Conference over</Say>")}),
    # VoiceInterpreter.java:3111-3178, 970-984: a lone participant without
    # startConferenceOnEnter hears the waitUrl document's Play and Say, in a loop, with no
    # time limit; the caller leaves by hanging up.
    Case("conference-wait-document", "VoiceInterpreter.java:3111-3178",
         docs={"start.xml": R('<Dial><Conference startConferenceOnEnter="false" '
                              'waitUrl="wait.xml">room</Conference></Dial>'),
               "wait.xml": R("<Say>Please hold</Say><Play>music.wav</Play>"),
               "music.wav": _wav(30)},
         script=Script(hangup_at=300)),
    # VoiceInterpreter.java:970-984: any other verb in a wait document hangs up.
    Case("conference-wait-bad-verb", "VoiceInterpreter.java:970-984",
         docs={"start.xml": R('<Dial><Conference startConferenceOnEnter="false" '
                              'waitUrl="wait.xml">room</Conference></Dial>'),
               "wait.xml": R("<Say>Hold</Say><Gather/>")}),
    # VoiceInterpreter.java:926-953: a wait document with nothing to play ends: hang-up.
    Case("conference-wait-empty", "VoiceInterpreter.java:926-953",
         docs={"start.xml": R('<Dial><Conference startConferenceOnEnter="false" '
                              'waitUrl="wait.xml">room</Conference></Dial>'),
               "wait.xml": R("")}),
    # VoiceInterpreter.java:2983-3016: a full room is not joined; the next verb runs.
    Case("conference-full", "VoiceInterpreter.java:2983-3016",
         docs={"start.xml": R('<Dial><Conference maxParticipants="0">room</Conference></Dial>'
                              "<Say>The room is full</Say>")}),
    # -- Redirect, Hangup, Reject ----------------------------------------------------------------
    # BaseVoiceInterpreter.java:1337-1370: method in any case, else 13710 and POST; the answer
    # replaces the document, the verbs after the Redirect never run.
    Case("redirect", "BaseVoiceInterpreter.java:1337-1370",
         docs={"start.xml": R('<Redirect method="get">menu/next.xml</Redirect><Say>never</Say>'),
               "menu/next.xml": R('<Redirect method="PUT">../last.xml</Redirect>'),
               "last.xml": R("<Say>Here</Say>")}),
    # UriUtils.java:75-83 (java.net.URI.resolve, RFC 2396): "?q" keeps the base's folder.
    Case("redirect-query-only", "UriUtils.java:75-83",
         docs={"start.xml": R("<Redirect>?step=2</Redirect>"),
               "index.xml": R("<Say>folder index</Say>")}),
    # BaseVoiceInterpreter.java:1352-1375: a Redirect with no text is skipped.
    Case("redirect-empty", "BaseVoiceInterpreter.java:1371-1375",
         docs={"start.xml": R("<Redirect/><Say>Skipped it</Say>")}),
    # VoiceInterpreter.java:985-992, 1014-1023: Hangup on a ringing call answers it first.
    Case("hangup", "VoiceInterpreter.java:1014-1023",
         docs={"start.xml": R("<Hangup/><Say>never</Say>")}),
    # VoiceInterpreter.java:2029-2058, 1052-1054: Reject works while ringing; after the call is
    # answered it is skipped.
    Case("reject-after-answer", "VoiceInterpreter.java:1052-1054",
         docs={"start.xml": R('<Say>Hi</Say><Reject reason="busy"/><Say>Still here</Say>')}),
    # -- Sms, Email, Fax -----------------------------------------------------------------------
    # BaseVoiceInterpreter.java:2213-2336: from the called number to the caller; the action is
    # requested with SmsStatus=sending and its answer replaces the document.
    Case("sms-action", "BaseVoiceInterpreter.java:2294-2336",
         docs={"start.xml": R('<Sms action="sent.xml">Your code is 42</Sms><Say>never</Say>'),
               "sent.xml": R("<Say>Sent</Say>")}),
    # BaseVoiceInterpreter.java:2255-2262: an empty body is error 14103: stop.
    Case("sms-empty", "BaseVoiceInterpreter.java:2255-2262",
         docs={"start.xml": R("<Say>Hi</Say><Sms/><Say>never</Say>")}),
    # BaseVoiceInterpreter.java:747-806, VoiceInterpreter.java:808-817: a failed send (no
    # `from`) is only logged; the interpreter never moves on.
    Case("email", "VoiceInterpreter.java:808-817",
         docs={"start.xml": R('<Email to="ops@example.com" from="ivr@example.com" '
                              'Subject="ignored">Call from a customer</Email>'
                              '<Email to="ops@example.com">No sender</Email><Say>never</Say>')}),
    # BaseVoiceInterpreter.java:1013-1058: the document is downloaded, then faxed to the caller.
    Case("fax", "BaseVoiceInterpreter.java:1013-1058",
         routes={"/start.xml": Answer(body=R("<Fax>doc.pdf</Fax><Hangup/>")),
                 "/doc.pdf": Answer(content_type="application/pdf", body="%PDF-1.4")}),
    # -- the parser and the dispatch ----------------------------------------------------------
    # VoiceInterpreter.java:991, 1052-1054, BaseVoiceInterpreter.java:607-612: verbs the voice
    # interpreter does not run are skipped, but on a ringing call they answer it first.
    Case("unknown-verbs", "VoiceInterpreter.java:1052-1054",
         docs={"start.xml": R("<Enqueue>q</Enqueue><Language>en</Language><Say>Hi</Say>")}),
    # Parser.java:120-146: every element is visited, root included; a verb directly inside
    # the verb just handed out is skipped, a deeper one runs on its own.
    Case("nested-verbs", "Parser.java:120-146",
         docs={"start.xml": "<Say>Bare root</Say>"}),
    Case("nested-verbs-deep", "Parser.java:124-130",
         docs={"start.xml": R("<Gather><Foo><Say>Runs after the Gather</Say></Foo></Gather>"
                              "<Wrapper><Say>Wrapped</Say></Wrapper>")},
         script=inputs("timeout")),
    # Parser.java:208-215, 94: the last text run wins; a bare & is escaped by the regex.
    Case("text-runs", "Parser.java:208-215",
         docs={"start.xml": R("<Say>first<!-- a comment -->second</Say>"
                              "<Say>Tom & Jerry</Say>")}),
    # Downloader.java:164, Parser.java:94: the regex escapes a bare & only up to the next ';' or
    # the end: in "A & B & C" the second & stays bare, and the download fails.
    Case("ampersand-regex", "Downloader.java:164",
         docs={"start.xml": R("<Say>Tom & Jerry</Say><Say>A & B & C</Say>")}),
    # Parser.java:131-142: too many hints fail the parser when the Gather is reached; verbs
    # before it have run.
    Case("gather-hints-limit", "Parser.java:131-142",
         docs={"start.xml": R('<Say>Before</Say><Gather input="speech" hints="'
                              + ",".join(f"w{i}" for i in range(51)) + '"/>')}),
    # Downloader.java:160-174: a body that does not parse fails the download (no Say at all).
    Case("not-well-formed", "Downloader.java:160-174",
         docs={"start.xml": "<Response><Say>Hi</Response>"}),
    # -- fetching ------------------------------------------------------------------------------
    # VoiceInterpreter.java:1238-1239, 2009-2026: a 404 (empty or XML body) is warning 21402.
    Case("fetch-404", "VoiceInterpreter.java:1238-1239",
         routes={"/start.xml": Answer(body=R("<Redirect>/gone</Redirect>")),
                 "/gone": Answer(404, None, "")}),
    # Downloader.java:160-174: a 404 with a text body fails the XML check first: no 21402.
    Case("fetch-404-text", "Downloader.java:160-174",
         docs={"start.xml": R("<Redirect>gone.xml</Redirect>")}),
    # VoiceInterpreter.java:1200, 1236-1237, 1901-1931: only 200 counts; the first document
    # falls back to FallbackUrl.
    Case("fetch-fallback", "VoiceInterpreter.java:1236-1237",
         routes={"/start.xml": Answer(201, body=R("<Say>Created is not OK</Say>")),
                 "/fallback.xml": Answer(body=R("<Say>Fallback</Say>"))},
         options={"fallback_url": "http://localhost/fallback.xml"}),
    # VoiceInterpreter.java:1914-1920: a connection failure records 11205 before the fallback.
    Case("fetch-fallback-io", "VoiceInterpreter.java:1914-1920",
         routes={"/fallback.xml": Answer(body=R("<Say>Fallback</Say>"))},
         options={"url": "http://elsewhere.example/start.xml",
                  "fallback_url": "http://localhost/fallback.xml"}),
    # VoiceInterpreter.java:1240-1243: any other failure after the first document ends the call.
    Case("fetch-500", "VoiceInterpreter.java:1240-1243",
         routes={"/start.xml": Answer(body=R("<Redirect>/broken</Redirect>")),
                 "/broken": Answer(500, "text/xml", R("<Say>error page</Say>"))}),
    # VoiceInterpreter.java:1981-1987: no Content-Type: hang up.
    Case("content-type-missing", "VoiceInterpreter.java:1981-1987",
         routes={"/start.xml": Answer(content_type=None, body=R("<Say>Hi</Say>"))}),
    # VoiceInterpreter.java:1972-1980, 1998-2004: a type Restcomm has no parser for: silence.
    Case("content-type-unknown", "VoiceInterpreter.java:1998-2004",
         routes={"/start.xml": Answer(content_type="application/rcml+xml",
                                      body=R("<Say>Hi</Say>"))}),
    # VoiceInterpreter.java:1976-1977: an audio answer is played from the requested URL.
    Case("content-type-audio", "VoiceInterpreter.java:1976-1977",
         routes={"/start.xml": Answer(content_type="audio/wav", body="")}),
    # Downloader.java:103-113: a 302 to a POST is re-sent as a POST, same parameters; HttpClient
    # itself follows a 302 to a GET, as a GET without them (a relative Location resolved).
    Case("fetch-redirects", "Downloader.java:103-113",
         routes={"/start.xml": Answer(302, "text/plain", "",
                                      (("location", "http://localhost/moved.xml"),)),
                 "/moved.xml": Answer(body=R('<Redirect method="GET">/get.xml</Redirect>')),
                 "/get.xml": Answer(302, "text/plain", "", (("location", "/final.xml"),)),
                 "/final.xml": Answer(body=R("<Say>Arrived</Say>"))}),
    # Downloader.java:107-108: the downloader re-sends a POST to URI.create(Location), unresolved:
    # a relative Location has no host, and HttpClient refuses the request.
    Case("fetch-redirect-relative-post", "Downloader.java:107-108",
         routes={"/start.xml": Answer(302, "text/plain", "", (("location", "/moved.xml"),)),
                 "/moved.xml": Answer(body=R("<Say>never</Say>"))}),
    # Downloader.java:207-216: credentials in the URL answer a 401 for a POST; a GET with
    # parameters goes to a URL rebuilt without them, and fails.
    Case("fetch-basic-auth", "Downloader.java:207-216",
         routes={"/start.xml": Answer(body=R('<Redirect method="GET">'
                                             "http://u:p@localhost/private.xml</Redirect>"),
                                      user="u:p"),
                 "/private.xml": Answer(body=R("<Say>secret</Say>"), user="u:p")},
         options={"url": "http://u:p@localhost/start.xml"}),
    # -- the caller and the loop guard ----------------------------------------------------------
    Case("loop-guard", "VoiceInterpreter.java:1024-1025",
         docs={"start.xml": R("<Say>Again</Say><Redirect>start.xml</Redirect>")},
         options={"max_steps": 12}),
    # VoiceInterpreter.java:1358-1411: the caller hanging up mid-prompt ends the interpreter.
    Case("caller-hangs-up", "VoiceInterpreter.java:1408-1411",
         docs={"start.xml": R("<Say>A long announcement that the caller does not wait to hear "
                              "to the end, because they hang up</Say><Say>never</Say>")},
         script=Script(hangup_at=2.5)),
    # The script rule: a Gather with nothing scripted is where the caller hangs up.
    Case("script-runs-out", "VoiceInterpreter.java:1408-1411",
         docs={"start.xml": R('<Gather action="next.xml"><Say>Press 1</Say></Gather>')}),
    # VoiceInterpreter.java:926-953: at the end of the document Restcomm hangs up.
    Case("end-of-document", "VoiceInterpreter.java:926-953",
         docs={"start.xml": R("<Say>That is all</Say>")}),
    # -- other interpreters as the target ------------------------------------------------------
    Case("context-screening", "SubVoiceInterpreter.java:360-365",
         docs={"start.xml": R('<Gather numDigits="1"><Say>Accept?</Say></Gather>')},
         script=inputs("1"), context="screening"),
    Case("context-conference-wait", "VoiceInterpreter.java:970-984",
         docs={"start.xml": R("<Say>Please hold</Say><Play>music.wav</Play>"),
               "music.wav": _wav(10)},
         context="conference-wait"),
]
