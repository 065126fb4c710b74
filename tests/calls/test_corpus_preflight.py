"""Preflight over the real corpus: served and fetched, each document gets the validator's verdict.

Every voice document of the corpus whose contract is `no-error` or `error` is served by the
loopback document server and preflighted; the preflight must pass exactly the `no-error` ones.
This proves the preflight judges with the one validation engine, through a real HTTP fetch.
"""

from __future__ import annotations

import pytest

from rcml.calls import CallsClient

from ..conftest import CORPUS, corpus_expect, corpus_rows
from .conftest import Doc, DocServer


def _documents() -> list[tuple[str, str]]:
    return [
        (row["file"], corpus_expect(row))
        for row in corpus_rows()
        if row["context"] == "voice" and corpus_expect(row) in ("no-error", "error")
    ]


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the corpus is not at {CORPUS}")
def test_preflight_verdicts_match_the_corpus_contract(docs: DocServer) -> None:
    documents = _documents()
    assert len(documents) > 200
    for name, _ in documents:
        docs.docs[f"/{name}"] = Doc(body=(CORPUS / name).read_bytes())
    wrong = []
    # One client for all fetches (no API request is made: preflight only).
    with CallsClient("AC" + "0" * 32, "unused-token", base_url="http://127.0.0.1:9") as client:
        for name, expect in documents:
            report = client.preflight(docs.url(f"/{name}"), params={"CallSid": "CA1"})
            if report.ok != (expect == "no-error") or report.status != 200:
                wrong.append((name, expect, report.summary()))
    assert wrong == []
