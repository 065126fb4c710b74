"""The index page in a real browser: headless Chromium (Debian's `chromium`, installed by .ci/run)
renders it from `rcml serve` on loopback; the DOM holds every document and the screenshot is a
real page, not a blank one."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from rcml.resources import data_dir
from tests.server._png import decode, pixel
from tests.server.conftest import Served

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (.ci/run installs Debian's chromium)"
)


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    assert CHROMIUM is not None
    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    return subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--window-size=1200,800",
            *args,
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )


@pytest.fixture
def demo(serve: Callable[..., Served]) -> Served:
    return serve(str(data_dir("templates")))


def test_index_dom_lists_every_document_with_status(tmp_path: Path, demo: Served) -> None:
    result = chromium(tmp_path, "--dump-dom", demo.url)
    dom = result.stdout.decode("utf-8")
    assert "<title>RCML site</title>" in dom, result.stderr[-2000:]
    for route in ("/dial-alice.xml", "/conference.xml", "/hello-play.xml", "/greeting.xml"):
        assert f'href="{route}"' in dom
    assert dom.count('class="badge ok"') == 6
    assert "/greeting.xml?From=%2B15550100" in dom
    assert "/restcomm/audio/hello-world.wav" in dom


def test_index_screenshot_renders(tmp_path: Path, demo: Served) -> None:
    shot = tmp_path / "index.png"
    result = chromium(tmp_path, f"--screenshot={shot}", demo.url)
    assert shot.exists(), result.stderr[-2000:]
    width, height, rows = decode(shot.read_bytes())
    assert (width, height) == (1200, 800)
    colours = {row[i : i + 3] for row in rows[::8] for i in range(0, len(row), 24)}
    assert len(colours) > 20  # text, badges, a gradient: not a blank page
    red, green, blue = pixel(rows, 20, 20)  # the header band is blue
    assert blue > 120 and blue > red + 60 and blue > green + 40
    assert pixel(rows, 600, 250) == (255, 255, 255)  # the documents card is white
