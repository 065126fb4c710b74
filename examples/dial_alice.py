"""Ring the registered client "alice" for 30 seconds (the demo site's templates/dial-alice.xml).

Run: python examples/dial_alice.py
"""

from __future__ import annotations

import rcml


def build() -> rcml.Response:
    response = rcml.Response()
    with response.dial(timeout=30) as dial:
        dial.client("alice")
    return response


if __name__ == "__main__":
    print(build().to_xml(encoding="unicode", xml_declaration=True, pretty=True), end="")
