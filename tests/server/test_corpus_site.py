"""The real Restcomm corpus as one site: loading never fails, and the site check adds only
site findings (RCML6xx) to what `rcml.validate` says about each document."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rcml.engine import validate
from rcml.server import load_site
from tests.conftest import CORPUS, corpus_expect, corpus_rows

pytestmark = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"the shared corpus is not beside the repository ({CORPUS})"
)


def test_corpus_as_a_site(tmp_path: Path) -> None:
    rows = [r for r in corpus_rows() if r["context"] == "voice" and r["file"].endswith(".xml")]
    assert len(rows) > 50
    site_root = tmp_path / "site"
    site_root.mkdir()
    for row in rows:
        shutil.copyfile(CORPUS / row["file"], site_root / row["file"])
    site = load_site(site_root)
    assert set(site.findings) == {row["file"] for row in rows}
    for row in rows:
        found = site.findings[row["file"]]
        assert not [f for f in found if f.code == "RCML000"], row["file"]
        own = sorted(set(validate((site_root / row["file"]).read_bytes())))
        assert sorted(f for f in found if not f.code.startswith("RCML6")) == own, row["file"]
        if corpus_expect(row) == "no-error":
            assert not [f for f in own if f.is_error], row["file"]
    links = sum(1 for found in site.findings.values() for f in found if f.code == "RCML601")
    assert links > 0  # the corpus links to Restcomm's own media, which this site lacks
