"""A failing and a passing document for every rule, with the exact findings the failing one gets.

Each failing document is laid out over several lines so that the expected (line, column) pins the
finding to the element or attribute at fault. ``expect`` lists the findings *of that rule* only.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Fixture:
    bad: bytes
    expect: list[tuple[int, int]]  # (line, column) of each finding of the rule
    good: bytes
    context: str = "voice"


def _doc(*lines: str) -> bytes:
    return "\n".join(lines).encode("utf-8")


FIXTURES: dict[str, Fixture] = {
    "RCML001": Fixture(
        bad=_doc("<Response>", "  <Say>Hello</Response>"),
        expect=[(2, 24)],
        good=_doc("<Response>", "  <Say>Hello</Say>", "</Response>"),
    ),
    "RCML002": Fixture(
        bad=_doc('<?xml version="1.0"?>', '<!DOCTYPE r [<!ENTITY x "y">]>', "<Response/>"),
        expect=[(2, 1)],
        good=_doc('<?xml version="1.0"?>', "<Response/>"),
    ),
    "RCML003": Fixture(
        bad=b"<Response>\n  <Say>caf\xe9</Say>\n</Response>",
        expect=[(2, 11)],
        good=_doc("<Response>", "  <Say>café</Say>", "</Response>"),
    ),
    "RCML004": Fixture(
        bad=b"<Response><Say>" + b"a" * 1_100_000 + b"</Say></Response>",
        expect=[(1, 1)],
        good=b"<Response><Say>" + b"a" * 1000 + b"</Say></Response>",
    ),
    "RCML005": Fixture(
        bad=b"<Response>" + b"<a>" * 100 + b"</a>" * 100 + b"</Response>",
        expect=[(1, 1)],
        good=_doc("<Response>", "  <Dial><Client>alice</Client></Dial>", "</Response>"),
    ),
    "RCML006": Fixture(bad=b"  \n\t", expect=[(1, 1)], good=b"<Response/>"),
    "RCML007": Fixture(
        bad=_doc("<Response>", "  <Dial><Sip>sip:a@b.com?X-A=1&X-B=2</Sip></Dial>", "</Response>"),
        expect=[(2, 31)],
        good=_doc(
            "<Response>", "  <Dial><Sip>sip:a@b.com?X-A=1&amp;X-B=2</Sip></Dial>", "</Response>"
        ),
    ),
    # The default cap is 500: the 501st finding (line 502) is the first left out.
    "RCML008": Fixture(
        bad=_doc("<Response>", *["  <Paws/>"] * 501, "</Response>"),
        expect=[(502, 3)],
        good=_doc("<Response>", *["  <Paws/>"] * 500, "</Response>"),
    ),
    "RCML101": Fixture(
        bad=_doc("<Response>", "  <Speak>Hello</Speak>", "  <Enqueue>q</Enqueue>", "</Response>"),
        expect=[(2, 3), (3, 3)],
        good=_doc("<Response>", "  <Say>Hello</Say>", "</Response>"),
    ),
    "RCML102": Fixture(
        bad=_doc("<Response>", "  <say>Hello</say>", "</Response>"),
        expect=[(2, 3)],
        good=_doc("<Response>", "  <Say>Hello</Say>", "</Response>"),
    ),
    "RCML103": Fixture(
        bad=_doc(
            "<Response>",
            "  <Dial>",
            "    <Say>Connecting</Say>",
            "    <Number>+15550100</Number>",
            "  </Dial>",
            "</Response>",
        ),
        expect=[(3, 5)],
        good=_doc(
            "<Response>",
            "  <Say>Connecting</Say>",
            "  <Dial><Number>+15550100</Number></Dial>",
            "</Response>",
        ),
    ),
    "RCML104": Fixture(
        bad=_doc("<Response>", "  <Client>alice</Client>", "</Response>"),
        expect=[(2, 3)],
        good=_doc("<Response>", "  <Dial><Client>alice</Client></Dial>", "</Response>"),
    ),
    "RCML105": Fixture(
        bad=_doc(
            "<Response>",
            '  <Gather action="/menu">',
            "    <Say>Press 1</Say>",
            "    <Record/>",
            "  </Gather>",
            "</Response>",
        ),
        expect=[(4, 5)],
        good=_doc(
            "<Response>", '  <Gather action="/menu"><Say>Press 1</Say></Gather>', "</Response>"
        ),
    ),
    "RCML106": Fixture(
        bad=_doc("<Response>", '  <Gather action="/menu">Press 1</Gather>', "</Response>"),
        expect=[(2, 3)],
        good=_doc(
            "<Response>", '  <Gather action="/menu"><Say>Press 1</Say></Gather>', "</Response>"
        ),
    ),
    "RCML107": Fixture(
        bad=_doc("<Say>Hello</Say>"),
        expect=[(1, 1)],
        good=_doc("<Response><Say>Hello</Say></Response>"),
    ),
    "RCML110": Fixture(
        bad=_doc("<Response>", "  <Play>/music.wav</Play>", "  <Pause/>", "</Response>"),
        expect=[(3, 3)],
        good=_doc(
            "<Response>", "  <Play>/music.wav</Play>", "  <Say>Please wait</Say>", "</Response>"
        ),
        context="conference-wait",
    ),
    "RCML111": Fixture(
        bad=_doc(
            "<Response>",
            "  <Dial>+15550100",
            "    <Client>alice</Client>",
            "  </Dial>",
            "</Response>",
        ),
        expect=[(2, 3)],
        good=_doc(
            "<Response>",
            "  <Dial>",
            "    <Number>+15550100</Number>",
            "    <Client>alice</Client>",
            "  </Dial>",
            "</Response>",
        ),
    ),
    "RCML112": Fixture(
        bad=_doc(
            "<Response>",
            "  <Dial>",
            "    <Conference>room</Conference>",
            "    <Client>alice</Client>",
            "  </Dial>",
            "</Response>",
        ),
        expect=[(4, 5)],
        good=_doc("<Response>", "  <Dial><Conference>room</Conference></Dial>", "</Response>"),
    ),
    "RCML113": Fixture(
        bad=_doc(
            "<Response>",
            "  <Dial>",
            '    <Client>alice<Video enable="true"/></Client>',
            "  </Dial>",
            "</Response>",
        ),
        expect=[(3, 5)],
        good=_doc(
            "<Response>",
            "  <Dial>",
            '    <Client name="alice"><Video enable="true"/></Client>',
            "  </Dial>",
            "</Response>",
        ),
    ),
    "RCML130": Fixture(
        bad=_doc("<Response>", "  <Say>   </Say>", "</Response>"),
        expect=[(1, 1)],
        good=_doc("<Response>", "  <Say>Please wait</Say>", "</Response>"),
        context="conference-wait",
    ),
    "RCML131": Fixture(
        bad=_doc(
            "<Response>",
            '  <Dial><Client name="alice">bob</Client></Dial>',
            '  <Dial><Conference name="a">b</Conference></Dial>',
            "</Response>",
        ),
        expect=[(2, 17), (3, 21)],
        good=_doc(
            "<Response>",
            "  <Dial>",
            '    <Client name="alice">alice</Client>',
            '    <Sip name="bob"><Video enable="true"/></Sip>',
            "  </Dial>",
            "</Response>",
        ),
    ),
    "RCML132": Fixture(
        bad=_doc(
            "<Response>",
            '  <Gather action="/accept" numDigits="1">',
            "    <Play>/prompts/accept.wav</Play>",
            "    <Say>Press 1 to accept</Say>",
            "  </Gather>",
            "</Response>",
        ),
        expect=[(4, 5)],
        good=_doc(
            "<Response>",
            "  <Say>A call for you</Say>",
            '  <Gather numDigits="1">',
            "    <Play>/prompts/accept.wav</Play>",
            "  </Gather>",
            "</Response>",
        ),
        context="screening",
    ),
    "RCML133": Fixture(
        bad=_doc("<Response>", '  <Play loop="3">/music/hold.wav</Play>', "</Response>"),
        expect=[(2, 9)],
        good=_doc("<Response>", "  <Play>/music/hold.wav</Play>", "</Response>"),
        context="conference-wait",
    ),
    "RCML201": Fixture(
        bad=_doc(
            "<Response>",
            '  <Dial timeout="10"',
            '        timout="10">+15550100</Dial>',
            "</Response>",
        ),
        expect=[(3, 9)],
        good=_doc("<Response>", '  <Dial timeout="10">+15550100</Dial>', "</Response>"),
    ),
    "RCML202": Fixture(
        bad=_doc("<Response>", '  <Dial callerid="+15550199">+15550100</Dial>', "</Response>"),
        expect=[(2, 9)],
        good=_doc("<Response>", '  <Dial callerId="+15550199">+15550100</Dial>', "</Response>"),
    ),
    "RCML203": Fixture(
        bad=_doc("<Response>", '  <Dial hangupOnStar="true">+15550100</Dial>', "</Response>"),
        expect=[(2, 9)],
        good=_doc("<Response>", "  <Dial>+15550100</Dial>", "</Response>"),
    ),
    "RCML204": Fixture(
        bad=_doc("<Response>", '  <Record action="/r" playBeep="yes"/>', "</Response>"),
        expect=[(2, 23)],
        good=_doc("<Response>", '  <Record action="/r" playBeep="TRUE"/>', "</Response>"),
    ),
    "RCML205": Fixture(
        bad=_doc(
            "<Response>",
            '  <Say voice="alice">Hello</Say>',
            '  <Redirect method="PUT">/next</Redirect>',
            "</Response>",
        ),
        expect=[(2, 8), (3, 13)],
        good=_doc(
            "<Response>",
            '  <Say voice="woman">Hello</Say>',
            '  <Redirect method="get">/next</Redirect>',
            "</Response>",
        ),
    ),
    "RCML206": Fixture(
        bad=_doc("<Response>", '  <Dial timeout="10s">+15550100</Dial>', "</Response>"),
        expect=[(2, 9)],
        good=_doc("<Response>", '  <Dial timeout=" 10 ">+15550100</Dial>', "</Response>"),
    ),
    "RCML207": Fixture(
        bad=_doc(
            "<Response>",
            '  <Gather action="/pin" finishOnKey="">',
            "    <Say>PIN</Say>",
            "  </Gather>",
            "</Response>",
        ),
        expect=[(2, 25)],
        good=_doc(
            "<Response>",
            '  <Gather action="/pin" finishOnKey="*#">',
            "    <Say>PIN</Say>",
            "  </Gather>",
            "</Response>",
        ),
    ),
    "RCML208": Fixture(
        bad=_doc(
            "<Response>",
            "  <Dial>",
            '    <Client statusCallback="https://a.example/events"',
            '            statusCallbackEvent="initiated ringing">alice</Client>',
            "  </Dial>",
            "</Response>",
        ),
        expect=[(4, 13)],
        good=_doc(
            "<Response>",
            "  <Dial>",
            '    <Client statusCallback="https://a.example/events"',
            '            statusCallbackEvent="initiated, ringing">alice</Client>',
            "  </Dial>",
            "</Response>",
        ),
    ),
    "RCML209": Fixture(
        bad=_doc("<Response>", '  <Say language="fr-FR">Bonjour</Say>', "</Response>"),
        expect=[(2, 8)],
        good=_doc("<Response>", '  <Say language="fr">Bonjour</Say>', "</Response>"),
    ),
    "RCML210": Fixture(
        bad=_doc("<Response>", '  <Email to="ops@example.com">Call</Email>', "</Response>"),
        expect=[(2, 3)],
        good=_doc(
            "<Response>",
            '  <Email to="ops@example.com" from="pbx@example.com">Call</Email>',
            "</Response>",
        ),
    ),
    "RCML211": Fixture(
        bad=_doc(
            "<Response>",
            '  <Play loop="0">/hold.wav</Play>',
            '  <Dial timeout="-5">+15550100</Dial>',
            "</Response>",
        ),
        expect=[(2, 9), (3, 9)],
        good=_doc(
            "<Response>",
            '  <Play loop="10">/hold.wav</Play>',
            '  <Dial timeout="5">+15550100</Dial>',
            "</Response>",
        ),
    ),
    "RCML212": Fixture(
        bad=_doc(
            "<Response>",
            '  <Gather action="/s" input="speech"',
            f'          hints="{"x" * 101},sales"/>',
            "</Response>",
        ),
        expect=[(3, 11)],
        good=_doc(
            "<Response>",
            '  <Gather action="/s" input="speech"',
            f'          hints="{"x" * 100},sales"/>',
            "</Response>",
        ),
    ),
    "RCML220": Fixture(
        bad=_doc(
            "<Response>",
            '  <Gather action=""><Say>Press 1</Say></Gather>',
            '  <Record action=" "/>',
            '  <Email to="ops@example.com"',
            '         from="">Call</Email>',
            "</Response>",
        ),
        expect=[(2, 11), (3, 11), (5, 10)],
        good=_doc(
            "<Response>",
            '  <Gather action="/menu"><Say>Press 1</Say></Gather>',
            '  <Record action="/saved"/>',
            "</Response>",
        ),
    ),
    "RCML231": Fixture(
        bad=_doc(
            "<Response>",
            "  <Dial>",
            '    <Client statusCallback="/events">alice</Client>',
            "  </Dial>",
            "</Response>",
        ),
        expect=[(3, 13)],
        good=_doc(
            "<Response>",
            "  <Dial>",
            '    <Client statusCallback="HTTPS://app.example.com/events">alice</Client>',
            "  </Dial>",
            "</Response>",
        ),
    ),
    "RCML232": Fixture(
        bad=_doc(
            "<Response>",
            "  <Dial>",
            '    <Conference startConferenceOnEnter="false"',
            '                waitUrl="/music/hold.MP3?v=2">room</Conference>',
            "  </Dial>",
            "</Response>",
        ),
        expect=[(4, 17)],
        good=_doc(
            "<Response>",
            "  <Dial>",
            '    <Conference startConferenceOnEnter="false"',
            '                waitUrl="/music/hold.WAV?v=2">room</Conference>',
            "  </Dial>",
            "</Response>",
        ),
    ),
    "RCML301": Fixture(
        bad=_doc(
            "<Response>",
            "  <Play>https://example.com/hello world.wav</Play>",
            '  <Gather action="/menu?x={y}"><Say>Hi</Say></Gather>',
            "</Response>",
        ),
        expect=[(2, 3), (3, 11)],
        good=_doc(
            "<Response>",
            "  <Play>https://example.com/hello%20world.wav</Play>",
            '  <Gather action="/menu?x=y"><Say>Hi</Say></Gather>',
            "</Response>",
        ),
    ),
    "RCML302": Fixture(
        bad=_doc("<Response>", "  <Play>ftp://media.example.com/hello.wav</Play>", "</Response>"),
        expect=[(2, 3)],
        good=_doc(
            "<Response>", "  <Play>HTTPS://media.example.com/hello.wav</Play>", "</Response>"
        ),
    ),
    "RCML303": Fixture(
        bad=_doc(
            "<Response>",
            "  <Play>https://media.example.com/hashtag.wav</Play>",
            '  <Gather action="/g"><Play>/hash/menu.wav</Play></Gather>',
            "</Response>",
        ),
        expect=[(2, 3), (3, 23)],
        good=_doc(
            "<Response>",
            "  <Play>https://media.example.com/tag.wav</Play>",
            '  <Gather action="/g"><Play>/hash/menu.wav#hash=1</Play></Gather>',
            "</Response>",
        ),
    ),
    "RCML401": Fixture(
        bad=_doc(
            "<Response>",
            "  <Redirect>/next.xml</Redirect>",
            "  <Say>Goodbye</Say>",
            "  <Hangup/>",
            "</Response>",
        ),
        expect=[(3, 3)],
        good=_doc(
            "<Response>", "  <Say>Goodbye</Say>", "  <Redirect>/next.xml</Redirect>", "</Response>"
        ),
    ),
    "RCML402": Fixture(
        bad=_doc(
            "<Response>", "  <Say>We are closed</Say>", '  <Reject reason="busy"/>', "</Response>"
        ),
        expect=[(3, 3)],
        good=_doc(
            "<Response>", '  <Pause length="2"/>', '  <Reject reason="busy"/>', "</Response>"
        ),
    ),
    "RCML403": Fixture(
        bad=_doc(
            "<Response>",
            '  <Gather numDigits="1"><Say>Press 1</Say></Gather>',
            "  <Record/>",
            "</Response>",
        ),
        expect=[(2, 3), (3, 3)],
        good=_doc(
            "<Response>",
            '  <Gather numDigits="1" action="/m"><Say>Press 1</Say></Gather>',
            '  <Record action="/r"/>',
            "</Response>",
        ),
    ),
    "RCML411": Fixture(
        bad=_doc(
            "<Response>",
            '  <Gather action="/menu">',
            "    <Say>Press 1</Say>",
            '    <Pause length="5"/>',
            "  </Gather>",
            "</Response>",
        ),
        expect=[(4, 5)],
        good=_doc(
            "<Response>",
            '  <Gather action="/menu">',
            '    <Pause length="1"/>',
            "    <Say>Press 1</Say>",
            "  </Gather>",
            "</Response>",
        ),
    ),
    "RCML412": Fixture(
        bad=_doc(
            "<Response>",
            '  <Record action="/saved"/>',
            "  <Say>Thank you</Say>",
            "  <Hangup/>",
            "</Response>",
        ),
        expect=[(3, 3)],
        good=_doc(
            "<Response>",
            "  <Say>Leave a message</Say>",
            '  <Record action="/saved"/>',
            "</Response>",
        ),
    ),
    "RCML430": Fixture(
        bad=_doc(
            "<Response>",
            "  <Dial>",
            '    <Conference startConferenceOnEnter="False" waitUrl="/wait/music.xml">room',
            "    </Conference>",
            "  </Dial>",
            "  <Say>The conference has ended</Say>",
            "</Response>",
        ),
        expect=[(6, 3)],
        good=_doc(
            "<Response>",
            '  <Dial action="/after.xml">',
            '    <Conference startConferenceOnEnter="false" waitUrl="/wait/music.xml">room',
            "    </Conference>",
            "  </Dial>",
            "</Response>",
        ),
    ),
    "RCML431": Fixture(
        bad=_doc(
            "<Response>",
            '  <Gather action="/accept" numDigits="1"><Play>/accept.wav</Play></Gather>',
            '  <Record action="/message" maxLength="20"/>',
            "  <Redirect>/screen-2.xml</Redirect>",
            "</Response>",
        ),
        expect=[(2, 11), (3, 11), (4, 3)],
        good=_doc(
            "<Response>",
            "  <Say>A call from the front desk</Say>",
            '  <Record maxLength="20"/>',
            "</Response>",
        ),
        context="screening",
    ),
    "RCML432": Fixture(
        bad=_doc(
            "<Response>",
            '  <Pause length="30"/>',
            '  <Gather><Pause length="29"/></Gather>',
            "  <Pause/>",
            "</Response>",
        ),
        expect=[(4, 3)],
        good=_doc(
            "<Response>",
            '  <Pause length="30"/>',
            '  <Gather><Pause length="28"/></Gather>',
            "  <Pause/>",
            "</Response>",
        ),
        context="screening",
    ),
    "RCML501": Fixture(
        bad=_doc(
            "<Response>",
            "  <Say></Say>",
            "  <Play>   </Play>",
            "  <Dial/>",
            "  <Dial><Client/></Dial>",
            '  <Dial><Client name="alice"/><Sip name="bob"> </Sip></Dial>',
            '  <Dial><Conference name="room"/></Dial>',
            "</Response>",
        ),
        expect=[(2, 3), (3, 3), (4, 3), (5, 9), (6, 9), (6, 31), (7, 9)],
        good=_doc(
            "<Response>",
            "  <Say>Welcome</Say>",
            "  <Play>/welcome.wav</Play>",
            "  <Dial><Client>alice</Client></Dial>",
            '  <Dial><Client name="alice"><Video/></Client></Dial>',
            '  <Dial><Conference name="room"><Video/></Conference></Dial>',
            "</Response>",
        ),
    ),
    "RCML502": Fixture(
        bad=_doc("<Response>", "  <Say>Your code is <!-- generated --> 1234</Say>", "</Response>"),
        expect=[(2, 3)],
        good=_doc(
            "<Response>", "  <!-- generated -->", "  <Say>Your code is 1234</Say>", "</Response>"
        ),
    ),
    "RCML503": Fixture(
        bad=_doc(
            "<Response>",
            "  <Language>fr</Language>",
            f"  <UssdMessage>{'x' * 81}</UssdMessage>",
            "</Response>",
        ),
        expect=[(3, 3)],
        good=_doc(
            "<Response>",
            "  <Language>fr</Language>",
            f"  <UssdMessage>{'x' * 80}</UssdMessage>",
            "</Response>",
        ),
        context="ussd",
    ),
    "RCML504": Fixture(
        bad=_doc(
            "<Response>",
            '  <UssdCollect action="/a"><UssdMessage>1</UssdMessage></UssdCollect>',
            '  <UssdCollect action="/b"><UssdMessage>2</UssdMessage></UssdCollect>',
            "</Response>",
        ),
        expect=[(3, 3)],
        good=_doc(
            "<Response>",
            '  <UssdCollect action="/a"><UssdMessage>1</UssdMessage></UssdCollect>',
            "</Response>",
        ),
        context="ussd",
    ),
    "RCML530": Fixture(
        bad=_doc(
            "<Response>",
            "  <Language> </Language>",
            "  <UssdMessage>Balance: 10 EUR</UssdMessage>",
            "</Response>",
        ),
        expect=[(2, 3)],
        good=_doc(
            "<Response>",
            "  <Language>EN</Language>",
            "  <UssdMessage>Balance: 10 EUR</UssdMessage>",
            "</Response>",
        ),
        context="ussd",
    ),
    "RCML531": Fixture(
        bad=_doc(
            "<Response>",
            "  <UssdMessage/>",
            '  <UssdCollect action="/menu">',
            "    <UssdMessage>1 Balance</UssdMessage>",
            "    <UssdMessage>  </UssdMessage>",
            "  </UssdCollect>",
            "</Response>",
        ),
        expect=[(2, 3), (5, 5)],
        good=_doc(
            "<Response>",
            "  <UssdMessage>Welcome</UssdMessage>",
            '  <UssdCollect action="/menu">',
            "    <UssdMessage>1 Balance</UssdMessage>",
            "  </UssdCollect>",
            "</Response>",
        ),
        context="ussd",
    ),
    "RCML532": Fixture(
        bad=_doc(
            "<Response>",
            '  <UssdCollect action="/menu"><UssdMessage>1 Balance</UssdMessage></UssdCollect>',
            "  <UssdMessage>Reply with a number</UssdMessage>",
            "  <UssdMessage>Thank you</UssdMessage>",
            "</Response>",
        ),
        expect=[(3, 3)],
        good=_doc(
            "<Response>",
            "  <UssdMessage>Reply with a number</UssdMessage>",
            '  <UssdCollect action="/menu"><UssdMessage>1 Balance</UssdMessage></UssdCollect>',
            "</Response>",
        ),
        context="ussd",
    ),
}

# Codes that no document can trigger on purpose; their meta-test is a unit test instead.
WITHOUT_FIXTURE = {
    "RCML000": "reported only when a rule itself fails; see tests/validate/test_engine.py",
    "RCML100": "a fallback for libxml2 messages no rule translates; see tests/validate/test_xsd.py",
    "RCML009": "lint stage (suppressions); see tests/lint/test_lint_suppress.py",
    "RCML601": "a site rule (links between documents): see tests/server/test_site_rules.py",
    "RCML602": "a site rule (links between documents): see tests/server/test_site_rules.py",
    "RCML603": "a site rule (links between documents): see tests/server/test_site_rules.py",
    "RCML604": "a site rule (templates): see tests/server/test_site_rules.py",
}
