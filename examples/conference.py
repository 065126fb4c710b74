"""Put the caller into a conference room (the demo site's templates/conference.xml).

Run: python examples/conference.py
"""

from __future__ import annotations

import rcml


def build(room: str = "demo-room") -> rcml.Response:
    response = rcml.Response()
    response.say("You are joining the conference.", voice="woman", language="en")
    response.dial().conference(
        room,
        start_conference_on_enter=True,
        end_conference_on_exit=False,
        beep=True,
        wait_url="wait-music.xml",
        wait_method="POST",
    )
    return response


if __name__ == "__main__":
    print(build().to_xml(encoding="unicode", xml_declaration=True, pretty=True), end="")
