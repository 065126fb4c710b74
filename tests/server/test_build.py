"""`rcml build`: the static export, its checks, and its nginx snippet under a real nginx."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import shutil
import socket
import stat
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from rcml.cli import cli
from rcml.resources import data_dir
from tests.server.conftest import DOC, write_site

Make = Callable[[dict[str, str | bytes]], Path]
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


def build(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["build", *args])
    return result.exit_code, result.output


def test_build_exports_static_files_and_skips_templates_without_values(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, output = build(str(data_dir("templates")), "-o", str(out))
    assert code == 0, output
    assert "skipped greeting.xml.j2" in output and "skipped menu.xml.j2" in output
    assert (out / "dial-alice.xml").read_bytes() == (
        data_dir("templates") / "dial-alice.xml"
    ).read_bytes()
    assert (out / "restcomm/audio/hello-world.wav").exists()
    assert not (out / "greeting.xml").exists()
    snippet = (out / "rcml-nginx.conf").read_text()
    assert f"root {out.resolve()};" in snippet
    assert "error_page 405 =200 $uri;" in snippet


def test_build_renders_templates_with_given_values_or_samples(tmp_path: Path) -> None:
    values = tmp_path / "values.json"
    values.write_text(json.dumps({"greeting.xml": {"From": "<+15550100>"}}))
    out = tmp_path / "out"
    code, output = build(
        str(data_dir("templates")), "-o", str(out), "--params", str(values), "--samples"
    )
    assert code == 0, output
    assert b"Hello &lt;+15550100&gt;." in (out / "greeting.xml").read_bytes()
    assert b"<Redirect>dial-alice.xml</Redirect>" in (out / "menu.xml").read_bytes()  # sample 1


def test_build_refuses_links_to_files_not_exported(site_dir: Make, tmp_path: Path) -> None:
    root = site_dir(
        {
            "a.xml": '<Response><Gather action="t.xml"><Say>x</Say></Gather></Response>',
            "t.xml.j2": "<Response><Say>t</Say></Response>",
        }
    )
    out = tmp_path / "out"
    code, output = build(str(root), "-o", str(out))
    assert code == 1
    assert "a.xml:1:19: RCML601 [error] action of <Gather>: /t.xml is not in the export" in output
    assert not out.exists()


def test_build_of_a_site_with_errors_writes_nothing(site_dir: Make, tmp_path: Path) -> None:
    root = site_dir({"a.xml": "<Response><Hangup/><Say>x</Say></Response>"})
    code, output = build(str(root), "-o", str(tmp_path / "out"))
    assert code == 1
    assert "RCML401" in output and "nothing written" in output
    assert not (tmp_path / "out").exists()


def test_build_replaces_links_in_the_output_folder_instead_of_writing_through_them(
    site_dir: Make, tmp_path: Path
) -> None:
    root = site_dir({"menu.xml": DOC, "sub/deep.xml": DOC})
    out = tmp_path / "out"
    assert build(str(root), "-o", str(out))[0] == 0  # a build that is re-run, where links appeared
    victim = tmp_path / "passwd"
    victim.write_text("root:x:0:0::/root:/bin/sh\n")
    for name in ("menu.xml", "rcml-nginx.conf"):
        (out / name).unlink()
        os.symlink(victim, out / name)
    umask = os.umask(0o022)
    try:
        code, output = build(str(root), "-o", str(out))
    finally:
        os.umask(umask)
    assert code == 0, output
    assert victim.read_text() == "root:x:0:0::/root:/bin/sh\n"
    for name in ("menu.xml", "rcml-nginx.conf", "sub/deep.xml"):
        path = out / name
        assert not path.is_symlink() and path.is_file()
        assert stat.S_IMODE(path.stat().st_mode) == 0o644  # readable by the web server's user
    assert (out / "menu.xml").read_bytes() == DOC
    assert sorted(p.name for p in out.iterdir()) == [
        "menu.xml",
        "rcml-build.json",
        "rcml-nginx.conf",
        "sub",
    ]


def test_build_refuses_a_link_where_the_export_needs_a_folder(
    site_dir: Make, tmp_path: Path
) -> None:
    root = site_dir({"sub/deep.xml": DOC})
    out = tmp_path / "out"
    assert build(str(root), "-o", str(out))[0] == 0
    shutil.rmtree(out / "sub")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.symlink(elsewhere, out / "sub")
    code, output = build(str(root), "-o", str(out))
    assert code == 2
    assert f"{out / 'sub'}: not a folder of the export (a link or a file)" in output
    assert "Traceback" not in output and list(elsewhere.iterdir()) == []


@pytest.mark.parametrize(
    ("content", "message"),
    [("{", "not JSON"), ('{"a.xml": ["x"]}', "expected")],
)
def test_bad_params_file_is_a_usage_error(
    site_dir: Make, tmp_path: Path, content: str, message: str
) -> None:
    values = tmp_path / "v.json"
    values.write_text(content)
    code, output = build(
        str(site_dir({"a.xml": DOC})), "-o", str(tmp_path / "o"), "--params", str(values)
    )
    assert code == 2 and message in output


def test_params_for_a_missing_template_is_an_error(site_dir: Make, tmp_path: Path) -> None:
    values = tmp_path / "v.json"
    values.write_text('{"nope.xml": {}}')
    code, output = build(
        str(site_dir({"a.xml": DOC})), "-o", str(tmp_path / "o"), "--params", str(values)
    )
    assert code == 1 and "nope.xml" in output


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def nginx(tmp_path: Path) -> Iterator[Callable[[Path], int]]:
    """Start nginx on loopback with a config that includes an export's snippet."""
    if NGINX is None:
        pytest.skip("nginx is not installed (.ci/run installs Debian's nginx)")
    processes: list[subprocess.Popen[bytes]] = []

    def start(out: Path) -> int:
        port = _free_port()
        prefix = tmp_path / "nginx"
        prefix.mkdir()
        user = "user root;\n" if os.geteuid() == 0 else ""
        conf = prefix / "nginx.conf"
        conf.write_text(
            f"{user}worker_processes 1;\ndaemon off;\npid {prefix}/nginx.pid;\n"
            f"error_log {prefix}/error.log;\nevents {{ worker_connections 64; }}\n"
            # gzip on for XML, as a site's own nginx.conf may have it: the snippet turns it off
            f"http {{ access_log off; gzip on; gzip_min_length 1; gzip_types application/xml;\n"
            + "".join(
                f"  {name}_temp_path {prefix}/{name};\n"
                for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
            )
            + f"  server {{ listen 127.0.0.1:{port}; include {out / 'rcml-nginx.conf'}; }}\n}}\n"
        )
        process = subprocess.Popen(
            [NGINX, "-p", str(prefix), "-e", str(prefix / "error.log"), "-c", str(conf)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        processes.append(process)
        for _ in range(500):  # bounded: wait until it accepts connections
            if process.poll() is not None:
                raise AssertionError(process.stderr.read() if process.stderr else b"")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return port
            except OSError:
                process_wait(process)
        raise AssertionError("nginx did not start")

    yield start
    for process in processes:
        process.terminate()
        process.wait(timeout=30)
        if process.stderr is not None:
            process.stderr.close()


def process_wait(process: subprocess.Popen[bytes]) -> None:
    """Give nginx a moment to bind, by waiting on the process itself (it must not exit)."""
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=0.05)


def _request(
    port: int, method: str, path: str, body: str | None = None
) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        headers = {"Accept-Encoding": "gzip"}
        if body:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def test_nginx_serves_the_export_for_post_and_get(
    tmp_path: Path, nginx: Callable[[Path], int]
) -> None:
    out = tmp_path / "out"
    code, output = build(str(data_dir("templates")), "-o", str(out), "--samples")
    assert code == 0, output
    os.chmod(tmp_path, 0o755)
    port = nginx(out)
    expected = (out / "dial-alice.xml").read_bytes()
    for method in ("POST", "GET"):
        status, headers, body = _request(port, method, "/dial-alice.xml", "From=%2B1&CallSid=CA1")
        assert (status, body) == (200, expected)
        assert headers["content-type"] == "application/xml; charset=utf-8"
        assert headers["content-length"] == str(len(expected))
        assert headers["cache-control"] == "no-cache" and headers["etag"]
        assert "content-encoding" not in headers
    status, headers, body = _request(port, "POST", "/greeting.xml", "From=%2B1")
    assert status == 200 and b"Hello +15550100." in body
    status, headers, _ = _request(port, "PUT", "/dial-alice.xml")
    assert status == 405 and headers["allow"] == "GET, HEAD, POST"
    for path in ("/nope.xml", "/rcml-nginx.conf", "/.hidden.xml", "/%2e%2e/out/dial-alice.xml"):
        status, headers, body = _request(port, "POST", path, "a=1")
        assert status in (400, 404), path  # nginx's own 400 page is HTML, not RCML
        assert status == 400 or not body.lstrip().startswith(b"<"), path
    status, headers, _ = _request(port, "GET", "/restcomm/audio/hello-world.wav")
    assert status == 200 and headers["content-type"] == "audio/wav"


def test_export_has_no_dotfiles(tmp_path: Path, site_dir: Make) -> None:
    root = site_dir({"a.xml": DOC, ".secret.xml": DOC})
    write_site(root, {"sub/b.xml": DOC})
    code, _ = build(str(root), "-o", str(tmp_path / "out"))
    assert code == 0
    assert sorted(p.name for p in (tmp_path / "out").rglob("*")) == [
        "a.xml",
        "b.xml",
        "rcml-build.json",
        "rcml-nginx.conf",
        "sub",
    ]


def test_a_rebuild_removes_what_the_site_no_longer_has(site_dir: Make, tmp_path: Path) -> None:
    root = site_dir({"a.xml": DOC, "sub/b.xml": DOC})
    out = tmp_path / "out"
    assert build(str(root), "-o", str(out))[0] == 0
    (root / "sub" / "b.xml").unlink()
    code, output = build(str(root), "-o", str(out))
    assert code == 0, output
    assert "removed sub/b.xml: no longer in the site" in output
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == [
        "a.xml",
        "rcml-build.json",
        "rcml-nginx.conf",
    ]


def test_build_refuses_a_folder_it_did_not_create(site_dir: Make, tmp_path: Path) -> None:
    root = site_dir({"a.xml": DOC})
    out = tmp_path / "home"
    out.mkdir()
    (out / "thesis.tex").write_text("mine")
    code, output = build(str(root), "-o", str(out))
    assert code == 2
    assert "holds files that rcml build did not write" in output
    assert "Usage:" not in output and "Traceback" not in output
    assert sorted(p.name for p in out.iterdir()) == ["thesis.tex"]


def test_build_root_is_where_the_snippet_serves_from(site_dir: Make, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert build(str(site_dir({"a.xml": DOC})), "-o", str(out), "--root", "/srv/rcml")[0] == 0
    snippet = (out / "rcml-nginx.conf").read_text()
    assert "root /srv/rcml;" in snippet and "include /srv/rcml/rcml-nginx.conf;" in snippet
    assert str(tmp_path) not in snippet
    code, output = build(str(site_dir({"a.xml": DOC})), "-o", str(out), "--root", "srv")
    assert code == 2 and "absolute" in output


def test_build_check_writes_nothing(site_dir: Make, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, output = build(str(site_dir({"a.xml": DOC})), "-o", str(out), "--check")
    assert code == 0 and "1 file(s) would be written" in output
    assert not out.exists()
    broken = site_dir({"b.xml": "<Response><Redirect>nope.xml</Redirect></Response>"})
    assert build(str(broken), "-o", str(out), "--check")[0] == 1
