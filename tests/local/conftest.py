"""Fixtures: a local Restcomm over the demo site and a few test documents, all in this process.

The documents are served by ``rcml serve``'s app (the bundled ``templates/``) and by a tiny app
for the documents a test needs (tests/sim/apps.py), both at ``http://localhost``. The API is
called through httpx's ASGI transport: no socket, and virtual time, so nothing waits.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from pathlib import Path
from typing import Any

import httpx
import pytest

from rcml.local import Callee, Callees, LocalRestcomm, LocalRestcommApp
from rcml.server import RcmlApp, load_site
from rcml.sim import parse_input
from rcml.sim.transport import transport_for
from tests.sim.apps import XML, Answer, App, response

ROOT = Path(__file__).resolve().parents[2]
ACCOUNT = "AC" + "0123456789abcdef" * 2
TOKEN = "t0ken-l0cal-4242"
OTHER, OTHER_TOKEN = "AC" + "f" * 32, "other-t0ken"
API = f"/restcomm/2012-04-24/Accounts/{ACCOUNT}"
SITE = "http://localhost"

DOCS = {
    "/long.xml": Answer(body=response('<Pause length="100"/>')),
    "/gather.xml": Answer(body=response(
        '<Gather action="/got.xml" numDigits="1" timeout="5"><Say>Press</Say></Gather>')),
    "/got.xml": Answer(body=response("<Say>Thanks</Say>")),
    "/dial-two.xml": Answer(body=response(
        "<Dial><Number>+15550001</Number><Number>+15550002</Number></Dial>")),
    "/dial-bob.xml": Answer(body=response(
        '<Dial action="/after.xml"><Number>+15550003</Number></Dial>')),
    "/after.xml": Answer(body=response('<Say>After</Say><Pause length="50"/>')),
    "/hold.xml": Answer(body=response(
        '<Dial><Conference startConferenceOnEnter="false" waitUrl="/restcomm/audio/'
        'hello-world.wav">room</Conference></Dial>')),
    "/status": Answer(200, "text/plain", ""),
}
CALLEES = Callees(
    {
        "+15550000": Callee("no-answer"),
        "+15550001": Callee("answer", ring=4),
        "+15550002": Callee("answer", ring=3),
        "+15550003": Callee("answer", ring=1),
        "+15550009": Callee("busy", ring=1),
        "+15550010": Callee("fail"),
        "+15550011": Callee("answer", ring=1, talk=10),
        "+15550012": Callee("answer", ring=1, input=(parse_input("7"),)),
    }
)


class Documents:
    """The test documents, and the demo site for every other path."""

    def __init__(self) -> None:
        self.tests = App(DOCS)
        self.site = RcmlApp(load_site(ROOT / "templates"))

    async def __call__(self, scope: MutableMapping[str, Any], receive: Callable[..., Any],
                       send: Callable[..., Any]) -> None:
        app = self.tests if scope.get("path") in DOCS else self.site
        await app(scope, receive, send)


class Api:
    """Blocking HTTP calls to the app, through httpx's ASGI transport."""

    def __init__(self, app: LocalRestcommApp) -> None:
        self.app = app

    def __call__(self, method: str, path: str, *, data: Mapping[str, str] | None = None,
                 params: Mapping[str, str] | None = None,
                 auth: tuple[str, str] | None = (ACCOUNT, TOKEN),
                 headers: Mapping[str, str] | None = None,
                 content: bytes | None = None) -> httpx.Response:
        async def go() -> httpx.Response:
            transport = httpx.ASGITransport(app=self.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://restcomm.test") as c:
                return await c.request(method, path if path.startswith("/restcomm") else API + path,
                                       data=data, params=params, auth=auth, headers=headers,
                                       content=content)

        return asyncio.run(go())

    def create(self, to: str = "sip:alice@127.0.0.1", doc: str = "/hello-play.xml",
               **more: str) -> str:
        answer = self("POST", "/Calls.json",
                      data={"From": "+16175551212", "To": to, "Url": SITE + doc, **more})
        assert answer.status_code == 200, answer.text
        sid: str = answer.json()["sid"]
        return sid

    def call(self, sid: str) -> dict[str, Any]:
        answer = self("GET", f"/Calls/{sid}.json")
        assert answer.status_code == 200, answer.text
        data: dict[str, Any] = answer.json()
        return data


@pytest.fixture(scope="session")
def documents() -> Documents:
    """Loaded once: the apps keep no state between requests (the test app only notes them)."""
    return Documents()


@pytest.fixture
def make_app(documents: Documents) -> Iterator[Callable[..., LocalRestcommApp]]:
    """A local Restcomm's app (options go to LocalRestcomm; ``max_body`` to the app)."""
    made: list[LocalRestcommApp] = []

    def make(max_body: int = 65536, **options: Any) -> LocalRestcommApp:
        options.setdefault("callees", CALLEES)
        local = LocalRestcomm({ACCOUNT: TOKEN, OTHER: OTHER_TOKEN},
                              transport=transport_for(documents, SITE), **options)
        made.append(LocalRestcommApp(local, max_body=max_body))
        return made[-1]

    yield make
    for app in made:
        app.close()


@pytest.fixture
def app(make_app: Callable[..., LocalRestcommApp]) -> LocalRestcommApp:
    return make_app()


@pytest.fixture
def local(app: LocalRestcommApp) -> LocalRestcomm:
    return app.restcomm


@pytest.fixture
def api(app: LocalRestcommApp) -> Api:
    return Api(app)


__all__ = ["ACCOUNT", "API", "OTHER", "OTHER_TOKEN", "SITE", "TOKEN", "XML", "Api", "Documents"]
