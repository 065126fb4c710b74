"""What a local Restcomm stores about calls and conferences: its call detail records.

Restcomm answers the Calls API from its database of call detail records (CDRs), not from the
calls themselves; so does the local Restcomm. A :class:`CallRecord` is kept for every call the
API creates and every leg a ``<Dial>`` rings, written as Restcomm's ``Call`` actor writes the
record of an outbound call (Call.java:949-986, 1663-1676, 1854-1861):

* created ``queued`` with ``StartTime`` set to the moment it was created;
* on answer, ``Ring_duration`` is the time since then, and ``StartTime`` becomes the answer;
* on the end, ``EndTime`` and ``Duration`` (from ``StartTime``: the talk time, or the ring time
  of a call never answered); a busy call has ``Duration`` 0;
* a conference participant keeps the conference's SID for good (VoiceInterpreter.java:3050):
  Restcomm never clears it.

Times are seconds on the local Restcomm's clock; :mod:`rcml.local.render` writes them as dates.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

API_VERSION = "2012-04-24"
# The states a call is over in (CallStateChanged.java:30-31).
ENDED = frozenset({"completed", "canceled", "busy", "failed", "no-answer", "not-found"})


@dataclass
class CallRecord:
    """One call detail record, as Restcomm keeps it (CallDetailRecord.java:36-65)."""

    sid: str
    account_sid: str
    to: str
    from_: str
    direction: str
    status: str
    created: float
    updated: float
    order: int  # creation order: ties of DateCreated sort by it
    start: float | None = None
    end: float | None = None
    duration: int | None = None
    ring_duration: int | None = None
    parent_call_sid: str | None = None
    answered_by: str | None = None
    caller_name: str | None = None
    forwarded_from: str | None = None
    conference_sid: str | None = None
    muted: bool = False
    hold: bool = False
    start_conference_on_enter: bool | None = None
    end_conference_on_exit: bool | None = None
    api_version: str = API_VERSION

    @property
    def ended(self) -> bool:
        return self.status in ENDED

    def copy(self) -> CallRecord:
        """The record as it is now: what a change answers with (Restcomm reads it first)."""
        return replace(self)

    def uri(self) -> str:
        """``/2012-04-24/Accounts/AC…/Calls/CA…`` (Call.java:977-982)."""
        return f"/{self.api_version}/Accounts/{self.account_sid}/Calls/{self.sid}"


@dataclass
class ConferenceRecord:
    """A conference room's record (ConferenceDetailRecord); status as Conference.java:620."""

    sid: str
    account_sid: str
    name: str
    status: str
    created: float
    updated: float
    order: int
    api_version: str = API_VERSION

    def uri(self) -> str:
        return f"/{self.api_version}/Accounts/{self.account_sid}/Conferences/{self.sid}"
