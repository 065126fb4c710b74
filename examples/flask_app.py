"""A Flask app that answers Restcomm with the builder: the IVR menu of examples/ivr-site, in code.

Point a Restcomm number's Url at http://HOST:5000/voice. Restcomm posts the call's parameters
(From, To, CallSid, ...) as a form; the Gather's answer comes back to /menu with Digits.

Run: pip install flask && flask --app examples/flask_app.py run
"""

from __future__ import annotations

from flask import Flask, Response, request

import rcml

app = Flask(__name__)


def rcml_response(document: rcml.Response) -> Response:
    """Restcomm reads XML; the builder's output is always valid RCML."""
    return Response(document.to_xml(xml_declaration=True), mimetype="application/xml")


@app.route("/voice", methods=["GET", "POST"])
def voice() -> Response:
    caller = request.values.get("From", "caller")
    document = rcml.Response()
    with document.gather(action="/menu", method="POST", num_digits=1, timeout=5) as gather:
        gather.say(f"Hello {caller}. Press 1 for sales, 2 to leave a message.", voice="woman")
    document.redirect("/voice")  # no key within the timeout: ask again
    return rcml_response(document)


@app.route("/menu", methods=["POST"])
def menu() -> Response:
    digits = request.values.get("Digits", "")
    document = rcml.Response()
    if digits == "1":
        with document.dial(timeout=20) as dial:
            dial.number("+15550123")
    elif digits == "2":
        document.say("Leave a message after the beep.", voice="woman")
        document.record(action="/saved", max_length=60, finish_on_key="#")
    else:
        document.say("Sorry, that is not on the menu.", voice="woman")
        document.redirect("/voice")
    return rcml_response(document)


@app.route("/saved", methods=["POST"])
def saved() -> Response:
    document = rcml.Response()
    document.say("Thanks, your message was saved. Goodbye.", voice="woman")
    document.hangup()
    return rcml_response(document)
