"""Run calls against a target: a document or template in a folder, a URL, or an app object.

* A file in a folder (``site/hello.xml``, ``site/menu.xml.j2``): the folder is loaded and served
  in this process by the same app ``rcml serve`` runs (:class:`rcml.server.RcmlApp`), so templates
  render with each request's parameters and relative links resolve inside it; the call starts at
  that document. A folder starts at its ``index.xml``. A folder whose documents have errors is
  still served here (``rcml serve`` would refuse it), so that the call shows what they do.
* ``http://`` or ``https://``: any web application, over the network, as Restcomm reaches it.
* An ASGI or WSGI application object, called in this process for ``origin``.

:class:`Simulator` loads its target once and runs as many calls as asked; :func:`simulate` runs
one.
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType
from urllib.parse import quote

from rcml.core import CONTEXTS
from rcml.core.errors import RcmlError
from rcml.sim._restcomm import Restcomm
from rcml.sim.call import DEFAULT_FROM, DEFAULT_MAX_STEPS, DEFAULT_TO, Call
from rcml.sim.script import Script
from rcml.sim.transcript import Transcript
from rcml.sim.transport import HttpTransport, Transport, transport_for
from rcml.sim.world import World

ORIGIN = "http://localhost"
SIMULATED_CONTEXTS = ("voice", "screening", "conference-wait")


class SimulationError(RcmlError):
    """The target cannot be simulated (not found, not a document, unknown context)."""


def _site_target(path: Path, site: Path | None, context: str) -> tuple[object, str]:
    """(app, route) for a document or template in a folder."""
    from rcml.server import RcmlApp, load_site

    if not path.exists():
        raise SimulationError(f"{path}: no such file or folder")
    root = (site or (path if path.is_dir() else path.parent)).resolve()
    loaded = load_site(root, context=context)
    if path.is_dir() and site is None:
        if "/index.xml" not in loaded.resources:
            raise SimulationError(f"{path}: a folder starts at its index.xml, and it has none")
        return RcmlApp(loaded), "/index.xml"
    try:
        relpath = path.resolve().relative_to(root).as_posix()
    except ValueError:
        raise SimulationError(f"{path} is not inside the site {root}") from None
    for resource in loaded.resources.values():
        if resource.relpath == relpath:
            if resource.kind == "media":
                raise SimulationError(f"{path}: a media file, not a document")
            return RcmlApp(loaded), resource.route
    raise SimulationError(f"{path}: not a document or template of the site {root}")


class Simulator:
    """A target loaded once, for many calls: ``with Simulator("site/menu.xml.j2") as sim: ...``.

    ``target`` is a path, an ``http(s)://`` URL, or an ASGI/WSGI app (then ``path`` is where
    the call starts). ``context`` says which interpreter runs the first document: ``voice``
    (a call), ``screening`` (a Dial noun's ``url``, on the called party) or ``conference-wait``.
    """

    def __init__(
        self,
        target: str | Path | object,
        *,
        path: str = "/",
        site: str | Path | None = None,
        context: str = "voice",
        origin: str = ORIGIN,
        restcomm: Restcomm | None = None,
    ) -> None:
        if context not in SIMULATED_CONTEXTS:
            known = ", ".join(SIMULATED_CONTEXTS)
            other = " (sms and ussd documents are not run by a voice call)" if (
                context in CONTEXTS
            ) else ""
            raise SimulationError(f"unknown context {context!r}; choose one of {known}{other}")
        self.context = context
        self.restcomm = restcomm
        self.transport: Transport
        if isinstance(target, str) and target.startswith(("http://", "https://")):
            self.transport, self.url = HttpTransport(), target
        elif isinstance(target, (str, Path)):
            app, route = _site_target(Path(target), Path(site) if site else None, context)
            self.transport = transport_for(app, origin)
            self.url = origin.rstrip("/") + quote(route, safe="/")
        else:
            self.transport = transport_for(target, origin)
            self.url = origin.rstrip("/") + "/" + path.lstrip("/")

    def call(
        self,
        script: Script | None = None,
        *,
        from_: str = DEFAULT_FROM,
        to: str = DEFAULT_TO,
        caller_name: str | None = None,
        forwarded_from: str | None = None,
        method: str = "POST",
        fallback_url: str | None = None,
        fallback_method: str = "POST",
        max_steps: int = DEFAULT_MAX_STEPS,
        url: str | None = None,
    ) -> Transcript:
        """Run one call from the target (or from ``url``) to its end, in a fresh world."""
        world = World(self.transport, self.restcomm)
        call = Call(
            world,
            url or self.url,
            method=method,
            fallback_url=fallback_url,
            fallback_method=fallback_method,
            script=script,
            from_=from_,
            to=to,
            caller_name=caller_name,
            forwarded_from=forwarded_from,
            context=self.context,
            max_steps=max_steps,
        )
        return world.run(call)

    def close(self) -> None:
        self.transport.close()

    def __enter__(self) -> Simulator:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def simulate(
    target: str | Path | object,
    script: Script | None = None,
    *,
    path: str = "/",
    site: str | Path | None = None,
    context: str = "voice",
    **options: object,
) -> Transcript:
    """Run one call against ``target`` (see :class:`Simulator`) and return its transcript."""
    with Simulator(target, path=path, site=site, context=context) as simulator:
        return simulator.call(script, **options)  # type: ignore[arg-type]
