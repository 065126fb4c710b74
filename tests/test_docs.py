"""User documents say what the code does: every rule a document names exists and fires."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rcml import validate
from rcml.rules import RULES_BY_CODE

DOCS = Path(__file__).resolve().parent.parent / "docs"
CODE = re.compile(r"\bRCML\d{3}\b")


def test_from_twiml_names_only_real_rules_on_every_row() -> None:
    text = (DOCS / "from-twiml.md").read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith("| ") and "---" not in line]
    rows = [row for row in rows if not row.startswith("| In TwiML")]
    assert len(rows) > 15
    for row in rows:
        codes = CODE.findall(row.rsplit("|", 2)[-2])
        assert codes, f"no rule backs: {row}"
        assert all(code in RULES_BY_CODE for code in codes), row


@pytest.mark.parametrize(
    ("document", "code"),
    [
        ("<Response><Enqueue>q</Enqueue></Response>", "RCML101"),
        ("<Response><say>Hi</say></Response>", "RCML102"),
        ('<Response><Say voice="alice">Hi</Say></Response>', "RCML205"),
        ('<Response><Dial answerOnBridge="true">+15550100</Dial></Response>', "RCML203"),
        (
            '<Response><Dial><Number statusCallbackEvent="initiated ringing">+15550100</Number>'
            "</Dial></Response>",
            "RCML208",
        ),
        ('<Response><Play loop="0">http://a.example/x.wav</Play></Response>', "RCML211"),
        ('<Response><Gather numDigits="1"><Say>Hi</Say></Gather></Response>', "RCML403"),
        ("<Response><Say>Hi</Say><Reject/></Response>", "RCML402"),
    ],
)
def test_from_twiml_claims_hold(document: str, code: str) -> None:
    assert code in {f.code for f in validate(document)}


def test_the_builder_page_names_only_real_rules() -> None:
    codes = set(CODE.findall((DOCS / "builder.md").read_text(encoding="utf-8")))
    assert len(codes) > 20
    assert codes <= set(RULES_BY_CODE), codes - set(RULES_BY_CODE)
