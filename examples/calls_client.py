"""Drive live calls with rcml.calls: call a SIP user, move the call into a conference, hang up.

Each Url is fetched and validated the way Restcomm will fetch it before the API is asked to use
it: a Url that would give Restcomm a broken document is refused, and nothing is sent.

Run (against a Restcomm, or `rcml restcomm-local` on your machine):
    export RCML_ACCOUNT_SID=AC… RCML_AUTH_TOKEN=… RCML_API_URL=https://restcomm.example.com/restcomm
    python examples/calls_client.py https://apps.example.com/rcml/
"""

from __future__ import annotations

import sys

from rcml.calls import CallsClient, CallsError


def walkthrough(client: CallsClient, site: str) -> list[str]:
    """Create a call, redirect it twice, list what is live, hang up; what happened, in order."""
    log: list[str] = []
    created = client.create_call(
        "+16175551212", "sip:alice@127.0.0.1", site + "hello-play.xml", ring_timeout=30
    )
    sid = created.calls[0].sid
    assert sid is not None
    log.append(f"created {sid} ({created.calls[0].status})")
    # Mute is required: Restcomm un-mutes the call on any change that does not say Mute=true.
    client.redirect(sid, site + "dial-alice.xml", mute=False)
    log.append("redirected to dial-alice.xml")
    client.redirect(sid, site + "conference.xml", mute=False, move_connected_leg=True)
    log.append("moved both legs to conference.xml")
    live = client.list_calls(status="in-progress")
    log.append(f"{len(live.items)} call(s) in progress")
    ended = client.hangup(sid)
    log.append(f"hung up (was {ended.before.status})")
    return log


def main() -> int:
    site = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080/"
    try:
        with CallsClient() as client:  # RCML_ACCOUNT_SID, RCML_AUTH_TOKEN, RCML_API_URL
            for line in walkthrough(client, site):
                print(line)
    except CallsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
