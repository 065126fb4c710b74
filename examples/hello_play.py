"""Play a greeting, then hang up (the demo site's templates/hello-play.xml).

Run: python examples/hello_play.py
"""

from __future__ import annotations

import rcml


def build() -> rcml.Response:
    response = rcml.Response()
    response.play("/restcomm/audio/hello-world.wav")
    response.hangup()
    return response


if __name__ == "__main__":
    print(build().to_xml(encoding="unicode", xml_declaration=True, pretty=True), end="")
