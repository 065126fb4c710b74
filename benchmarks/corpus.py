"""A reproducible corpus of generated RCML documents for benchmarks: mostly valid, some broken.

Usage: python benchmarks/corpus.py OUT_DIR [--count 10000] [--seed 7]

The same seed always writes the same files. About one document in ten is broken in one of the
ways real documents break (misspelt verbs, bad attribute values, unparseable URLs, dead verbs
after a hang-up, XML syntax errors), so that both the fast path and the reporting path are
measured.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Callable
from pathlib import Path

BROKEN_SHARE = 0.1  # one document in ten is broken: CI trees are mostly clean
NAMES = ["alice", "bob", "carol", "dave", "eve", "mallory", "trent", "peggy"]
# Absolute: Restcomm requests statusCallback as written, without resolving it.
STATUS_URL = "https://app.example.com/status"
WORDS = [
    "Welcome",
    "to",
    "the",
    "support",
    "line",
    "please",
    "hold",
    "press",
    "one",
    "for",
    "sales",
    "two",
    "billing",
    "thank",
    "you",
    "goodbye",
    "your",
    "call",
    "matters",
]


def _say(rng: random.Random) -> str:
    words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 12)))
    voice = rng.choice(["", ' voice="woman"', ' voice="man"'])
    language = rng.choice(["", ' language="en"', ' language="fr"', ' language="en-gb"'])
    return f"<Say{voice}{language}>{words}</Say>"


def _play(rng: random.Random) -> str:
    loop = rng.choice(["", ' loop="2"', ' loop="1"'])
    return f"<Play{loop}>https://media.example.com/audio/{rng.randint(1, 999)}.wav</Play>"


def _dial(rng: random.Random) -> str:
    attrs = rng.choice(
        [
            "",
            ' timeout="20"',
            ' timeout="30" action="/after-dial" method="GET"',
            ' timeLimit="600" record="true"',
            ' callerId="+15550100"',
        ]
    )
    nouns = []
    for _ in range(rng.randint(1, 3)):
        kind = rng.choice(["Client", "Number", "Sip"])
        if kind == "Client":
            nouns.append(f"<Client>{rng.choice(NAMES)}</Client>")
        elif kind == "Number":
            nouns.append(f"<Number>+1555{rng.randint(1000000, 9999999)}</Number>")
        else:
            nouns.append(
                f'<Sip statusCallback="{STATUS_URL}">sip:{rng.choice(NAMES)}@example.com</Sip>'
            )
    return f"<Dial{attrs}>{''.join(nouns)}</Dial>"


def _conference(rng: random.Random) -> str:
    # Wait music as a .wav: a wait document would replace the rest of a waiting caller's
    # document, which the clean documents here continue after the Dial (RCML430).
    return (
        f'<Dial><Conference startConferenceOnEnter="{rng.choice(["true", "false"])}" '
        f'beep="true" waitUrl="/wait.wav">room-{rng.randint(1, 50)}</Conference></Dial>'
    )


def _gather(rng: random.Random) -> str:
    prompts = "".join(rng.choice([_say, _play])(rng) for _ in range(rng.randint(1, 3)))
    return (
        f'<Gather action="/menu" method="POST" numDigits="{rng.randint(1, 4)}" '
        f'timeout="{rng.randint(3, 10)}" finishOnKey="#">{prompts}</Gather>'
    )


def _record(rng: random.Random) -> str:
    return (
        f'<Record action="/recorded" maxLength="{rng.randint(10, 120)}" '
        f'playBeep="true" finishOnKey="#"/>'
    )


VERBS: list[Callable[[random.Random], str]] = [_say, _play, _dial, _conference, _gather, _record]


def _replaces_document(verb: str) -> bool:
    """A Dial or Record with ``action``: its answer replaces the document, so it comes last
    (anything after it never runs: RCML412)."""
    return verb.startswith(("<Dial", "<Record")) and " action=" in verb.split(">", 1)[0]


def valid_document(rng: random.Random) -> str:
    body: list[str] = []
    for _ in range(rng.randint(1, 6)):
        body.append(rng.choice(VERBS)(rng))
        if _replaces_document(body[-1]):
            break
    else:
        if rng.random() < 0.3:
            body.append("<Hangup/>")
    lines = "\n  ".join(body)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<Response>\n  {lines}\n</Response>\n'


def break_document(document: str, rng: random.Random) -> str:
    """Break a valid document in one of the usual ways."""
    kind = rng.randrange(7)
    if kind == 0:
        return (
            document.replace("<Say", "<say", 1).replace("</Say>", "</say>", 1)
            if ("<Say" in document)
            else document.replace("<Response>", "<Response><Speak>x</Speak>")
        )
    if kind == 1:
        return (
            document.replace("<Dial", '<Dial timout="10"', 1)
            if "<Dial" in document
            else (document.replace("<Response>", '<Response><Say voice="alice">hi</Say>'))
        )
    if kind == 2:
        return document.replace(
            "</Response>", "<Play>https://example.com/a b.wav</Play></Response>"
        )
    if kind == 3:
        return document.replace("</Response>", "<Hangup/><Say>never heard</Say></Response>")
    if kind == 4:
        return document.replace("</Response>", "<Response>")  # not well-formed
    if kind == 5:
        return document.replace("<Response>", '<Response><Record playBeep="yes"/>')
    return document.replace("<Response>", "<Response><Client>alice</Client>")


def generate_corpus(folder: Path, count: int = 10_000, seed: int = 7) -> list[Path]:
    """Write ``count`` documents into ``folder`` (created) and return their paths, sorted."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        document = valid_document(rng)
        if rng.random() < BROKEN_SHARE:
            document = break_document(document, rng)
        path = folder / f"doc-{index:05d}.xml"
        path.write_text(document, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    paths = generate_corpus(args.out, args.count, args.seed)
    print(f"wrote {len(paths)} documents to {args.out}")


if __name__ == "__main__":
    main()
