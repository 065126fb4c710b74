"""A local Restcomm: the Calls API, answered as Restcomm answers it, on calls run offline.

``rcml restcomm-local`` serves it; in Python::

    from rcml.local import LocalRestcomm, LocalRestcommApp, Callee, Callees

    restcomm = LocalRestcomm({"AC…": "token"}, callees=Callees({"+15550000": Callee("busy")}))
    app = LocalRestcommApp(restcomm)      # an ASGI app: uvicorn, or httpx.ASGITransport in tests
    restcomm.advance(5)                   # virtual time: nothing happens until it moves

Calls created through the API ring the party the callee table scripts, then run their ``Url``
in the simulator (:mod:`rcml.sim`); live changes (redirect, move the connected leg, hang up,
cancel, mute) act on the running call as Restcomm's do. docs/restcomm-local.md has the details.
"""

from rcml.local._changes import ApiError
from rcml.local.app import LocalRestcommApp
from rcml.local.callees import Callee, CalleeError, Callees, callees_from, load_callees
from rcml.local.records import CallRecord, ConferenceRecord
from rcml.local.restcomm import LocalRestcomm

__all__ = [
    "ApiError",
    "CallRecord",
    "Callee",
    "CalleeError",
    "Callees",
    "ConferenceRecord",
    "LocalRestcomm",
    "LocalRestcommApp",
    "callees_from",
    "load_callees",
]
