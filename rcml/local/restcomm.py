"""The local Restcomm: accounts, calls placed on the simulator, their records, and the clock.

:class:`LocalRestcomm` does what Restcomm's Calls API asks (create, read, list, change a call;
list, read and mute conference participants), on calls run by :mod:`rcml.sim`, and answers with
the records Restcomm would (:mod:`rcml.local.records`). The ASGI app (:mod:`rcml.local.app`)
turns HTTP requests into these methods; tests may call them directly.

Time is virtual by default: nothing happens until :meth:`LocalRestcomm.advance` moves the clock
(the API has an endpoint for it), and then everything due happens in order, at once. With
``clock="real"`` the clock follows the wall clock (:meth:`LocalRestcomm.tick`, called by a
ticker thread between :meth:`start` and :meth:`close`).

Changing a live call follows CallsEndpoint.updateCall (L619-760) and CallManager.update
(L1740-1861): ``Status`` first, then ``Mute``, then ``Url``; the answer is the record read
before any of them. docs/restcomm-behaviour.md lists the Java behind each rule.
"""

from __future__ import annotations

import itertools
import math
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from datetime import UTC, datetime
from typing import Literal

from rcml.local._call import Callback, LocalCall, LocalWorld, user_part
from rcml.local._changes import (
    LIVE_LEG,
    ApiError,
    DialledLeg,
    LiveChanges,
    absolute,
    valid_sid,
)
from rcml.local._lists import ListError, filter_calls, like, one_page, paging
from rcml.local.callees import Callees
from rcml.local.records import API_VERSION, CallRecord, ConferenceRecord
from rcml.local.render import Dates, Paging
from rcml.sim import (
    Call,
    DialOutcome,
    Leg,
    Restcomm,
    Transcript,
)
from rcml.sim.transport import HttpTransport, Transport

Clock = Literal["virtual", "real"]
INSTANCE_ID = "ID" + "0" * 31 + "1"
VIRTUAL_EPOCH = datetime(2019, 1, 11, 12, 0, 0, tzinfo=UTC)  # the simulator's second 0
MAX_ADVANCE = 366 * 86400.0  # one request moves the clock at most a year


class LocalRestcomm(LiveChanges):
    """Restcomm's Calls API over the simulator, for the ``accounts`` given (SID -> token).

    ``transport`` reaches the applications (over HTTP by default; an in-process app in tests);
    ``callees`` says what each called number does; ``max_live_calls`` bounds the calls running
    at once (a create beyond it answers 503) and ``max_records`` the records kept (the oldest
    ended ones go first).
    """

    def __init__(
        self,
        accounts: Mapping[str, str] | Iterable[tuple[str, str]],
        *,
        transport: Transport | None = None,
        callees: Callees | None = None,
        clock: Clock = "virtual",
        epoch: datetime | None = None,
        max_live_calls: int = 100,
        max_records: int = 10_000,
        wall_clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.accounts = dict(accounts)
        if not self.accounts:
            raise ValueError("a local Restcomm needs at least one account (SID and token)")
        for sid, token in self.accounts.items():
            if not sid.startswith("AC") or not valid_sid(sid):
                raise ValueError(f"{sid!r} is not an account SID: AC and 32 letters or digits")
            if not token:
                raise ValueError(f"the account {sid} has an empty token")
        if clock not in ("virtual", "real"):
            raise ValueError(f"clock {clock!r}: expected virtual or real")
        self.clock: Clock = clock
        self.transport = transport if transport is not None else HttpTransport()
        self.callees = callees if callees is not None else Callees()
        if epoch is None:
            epoch = VIRTUAL_EPOCH if clock == "virtual" else datetime.now(UTC).replace(
                microsecond=0)
        self.dates = Dates(epoch)
        self.instance_id = INSTANCE_ID
        self.max_live_calls = max_live_calls
        self.max_records = max_records
        self.records: dict[str, CallRecord] = {}
        self.conferences: dict[str, ConferenceRecord] = {}
        self._worlds: dict[str, LocalWorld] = {}
        self._calls: dict[str, LocalCall] = {}  # every call run here (their transcripts)
        self._live: dict[str, LocalCall] = {}
        self._legs: dict[str, DialledLeg] = {}
        self._order = itertools.count()
        self._sids: dict[str, int] = {}
        self._now = 0.0
        self._wall = wall_clock
        self._started_at = wall_clock()
        self._lock = threading.RLock()
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None

    # -- time ----------------------------------------------------------------------------------

    @property
    def now(self) -> float:
        """Seconds since the local Restcomm started, on its clock."""
        return self._now

    def advance(self, seconds: float) -> float:
        """Move the virtual clock ``seconds`` forward; everything due happens. Returns now."""
        if self.clock != "virtual":
            raise ApiError(409, "the clock is real: it cannot be advanced")
        if not (isinstance(seconds, int | float) and math.isfinite(seconds)
                and 0 <= seconds <= MAX_ADVANCE):  # fmt: skip
            raise ApiError(400, f"Advance must be seconds from 0 to {MAX_ADVANCE:g}")
        with self._lock:
            self._advance_to(self._now + float(seconds))
            self._sync()
            return self._now

    def tick(self) -> None:
        """Real clock: catch up with the wall clock (the ticker calls it several times a second)."""
        with self._lock:
            self._catch_up()
            self._sync()

    def start(self, interval: float = 0.05) -> None:
        """Real clock: start the ticker thread (a virtual clock needs none)."""
        if self.clock != "real" or self._ticker is not None:
            return
        self._stop.clear()

        def loop() -> None:
            while not self._stop.wait(interval):
                self.tick()

        self._ticker = threading.Thread(target=loop, name="rcml-local-clock", daemon=True)
        self._ticker.start()

    def close(self) -> None:
        """Stop the ticker and close the transport; live calls stop where they are."""
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join(timeout=5)
            self._ticker = None
        self.transport.close()

    def _advance_to(self, t: float) -> None:
        for world in list(self._worlds.values()):
            world.run_until(t)
        self._now = max(self._now, t)

    def _catch_up(self) -> None:
        """Everything due by now happens (on a real clock, now is the wall clock's)."""
        if self.clock == "real":
            self._advance_to(self._wall() - self._started_at)
        else:
            self._advance_to(self._now)

    # -- identities ----------------------------------------------------------------------------

    def new_sid(self, prefix: str) -> str:
        """Counted SIDs, shared by every account; calls as ``ID…-CA…`` (Sid.java:97-99)."""
        number = self._sids[prefix] = self._sids.get(prefix, 0) + 1
        if prefix == "CA":
            return f"{self.instance_id}-CA{number:032x}"
        return f"{prefix}{number:032x}"

    def _world(self, account: str) -> LocalWorld:
        world = self._worlds.get(account)
        if world is None:
            restcomm = Restcomm(account_sid=account, instance_id=self.instance_id,
                                epoch=self.dates.epoch)  # fmt: skip
            world = LocalWorld(self.transport, restcomm, self)
            world.now = self._now
            self._worlds[account] = world
        return world

    # -- what a Dial's called parties do ---------------------------------------------------------

    def dialled(self, world: LocalWorld, call: Call, legs: list[Leg]) -> DialOutcome | None:
        """Records for the legs a ``<Dial>`` rings, and what happens, by the callee table."""
        account = world.restcomm.account_sid
        for leg in legs:
            record = CallRecord(
                sid=leg.sid, account_sid=account, to=user_part(leg.to),
                from_=user_part(leg.from_), direction="outbound-api", status="queued",
                created=world.now, updated=world.now, order=next(self._order),
                start=world.now, parent_call_sid=call.sid,
            )  # fmt: skip
            self.records[leg.sid] = record
            self._legs[leg.sid] = DialledLeg(world, call, leg, record)
        outcomes = [self.callees.lookup(leg.shown).dial_outcome(i + 1) for i, leg in
                    enumerate(legs)]  # fmt: skip
        answered = [o for o in outcomes if o.kind == "answered"]
        if answered:
            return min(answered, key=lambda o: o.ring)
        if all(o.kind == "failed" for o in outcomes):
            for leg in legs:
                leg.status, leg.ended_at = "failed", world.now
            return DialOutcome("failed")
        if all(o.kind in ("busy", "failed") for o in outcomes):
            return next(o for o in outcomes if o.kind == "busy")
        return DialOutcome("no-answer")

    def call_ended(self, call: LocalCall) -> None:
        """A call's interpreter is over: the legs it still holds end with it."""
        self._live.pop(call.sid, None)
        for entry in [e for e in self._legs.values() if e.parent is call]:
            if entry.leg.status in LIVE_LEG:
                ended = "completed" if entry.leg.status == "in-progress" else "canceled"
                self._end_leg(entry, ended, call.world.now)

    # -- records -------------------------------------------------------------------------------

    def _sync(self) -> None:
        """Bring the records up to date with the simulator: legs, participants, rooms."""
        for entry in list(self._legs.values()):
            self._sync_leg(entry)
            if entry.leg.status not in LIVE_LEG:
                del self._legs[entry.leg.sid]
        for call in self._live.values():
            me = call.participant
            if me is None:
                call.record.hold = False
                continue
            record = call.record
            record.conference_sid = me.room.sid  # kept for good (VoiceInterpreter.java:3050)
            record.muted, record.hold = me.muted, me.on_hold
            record.start_conference_on_enter = me.start_on_enter
            record.end_conference_on_exit = me.end_on_exit
        seen = set()
        for world in self._worlds.values():
            for room in world.rooms.values():
                seen.add(room.sid)
                status = ("RUNNING_MODERATOR_PRESENT" if room.moderator_present
                          else "RUNNING_MODERATOR_ABSENT")  # fmt: skip
                conference = self.conferences.get(room.sid)
                if conference is None:
                    self.conferences[room.sid] = ConferenceRecord(
                        room.sid, world.restcomm.account_sid, room.name, status, world.now,
                        world.now, next(self._order))  # fmt: skip
                elif conference.status != status:
                    conference.status, conference.updated = status, world.now
        for conference in self.conferences.values():
            if conference.sid not in seen and conference.status != "COMPLETED":
                conference.status, conference.updated = "COMPLETED", self._now
        self._prune()

    def _prune(self) -> None:
        excess = len(self.records) - self.max_records
        if excess <= 0:
            return
        ended = [r for r in self.records.values() if r.ended and r.sid not in self._legs]
        for record in sorted(ended, key=lambda r: r.order)[:excess]:
            del self.records[record.sid]
            self._calls.pop(record.sid, None)

    def _settle(self) -> None:
        self._catch_up()
        self._sync()

    def _own(self, account: str, sid: str, *, missing: int) -> CallRecord:
        record = self.records.get(sid)
        if record is None:
            raise ApiError(missing)
        if record.account_sid != account:
            raise ApiError(403)  # RestcommRuntimeExceptionMapper.java:76-77
        return record

    # -- the Calls API ---------------------------------------------------------------------------

    def create_call(self, account: str, form: Mapping[str, str]) -> list[CallRecord]:
        """POST …/Calls: the records of the call placed, as created (CE:452-605)."""
        for name in ("From", "To", "Url"):
            if name not in form:
                raise ApiError(400, f"{name} can not be null.")
        timeout = 60
        if "Timeout" in form:
            text = form["Timeout"].strip()
            if not text.lstrip("+-").isdigit() or not -(2**31) <= int(text) < 2**31:
                raise ApiError(500, f'For input string: "{form["Timeout"]}"')
            timeout = int(text)
        url = form["Url"]
        for name in ("Url", "FallbackUrl"):
            if name in form and not absolute(form[name]):
                raise ApiError(500, f"no protocol: {form[name]}")
        callback = None
        status_callback = form.get("StatusCallback", "").strip()
        if status_callback and absolute(status_callback):  # a bad one is ignored (CE:506-512)
            callback = Callback(status_callback, form.get("StatusCallbackMethod", "POST").strip())
        with self._lock:
            self._settle()
            if len(self._live) >= self.max_live_calls:
                raise ApiError(503, f"too many live calls (at most {self.max_live_calls})")
            world = self._world(account)
            to = form["To"].strip()
            sid = self.new_sid("CA")
            record = CallRecord(
                sid=sid, account_sid=account, to=user_part(to),
                from_=user_part(form["From"].strip()) or "CALLS REST API",
                direction="outbound-api", status="queued", created=self._now,
                updated=self._now, order=next(self._order), start=self._now,
            )  # fmt: skip
            call = LocalCall(
                world, record, url, observer=self, callee=self.callees.lookup(to.split("?")[0]),
                method=form.get("Method", "POST"), fallback_url=form.get("FallbackUrl"),
                fallback_method=form.get("FallbackMethod", "POST"),
                ring_timeout=float(max(timeout, 0)), callback=callback,
            )  # fmt: skip
            self.records[sid] = record
            self._calls[sid] = self._live[sid] = call
            created = record.copy()
            world.start(call)
            self._settle()
            return [created]

    def get_call(self, account: str, sid: str) -> CallRecord:
        """GET …/Calls/{CallSid}: 404 when unknown (CE:193-213); a malformed SID is a 500."""
        if not valid_sid(sid):
            raise ApiError(500, f"{sid} is an INVALID_SID sid value.")
        with self._lock:
            self._settle()
            return self._own(account, sid, missing=404).copy()

    def list_calls(
        self, account: str, query: Mapping[str, str], uri: str
    ) -> tuple[list[CallRecord], Paging]:
        """GET …/Calls: one page of the account's records, filtered (see :mod:`._lists`)."""
        with self._lock:
            self._settle()
            mine = [r for r in self.records.values() if r.account_sid == account]
            try:
                found = filter_calls(mine, query, self.dates)
                pages = paging(query, len(found), uri)
            except ListError as exc:
                raise ApiError(exc.status, exc.message) from None
            return [r.copy() for r in one_page(found, pages)], pages

    def modify_call(self, account: str, sid: str, form: Mapping[str, str]) -> CallRecord:
        """POST …/Calls/{CallSid}: change a live call; the record as it was before."""
        if not valid_sid(sid):
            raise ApiError(400)  # CE:645-646
        with self._lock:
            self._settle()
            record = self._own(account, sid, missing=406)  # CE:642-643
            if record.ended:  # the call's actor is gone: AskTimeoutException (CE:673-677)
                raise ApiError(410, "Call is already completed.")
            before = record.copy()
            self._change(record, form)
            self._settle()
            return before

    # -- conferences -------------------------------------------------------------------------------

    def list_participants(
        self, account: str, conference_sid: str, query: Mapping[str, str], uri: str
    ) -> tuple[list[CallRecord], Paging]:
        """GET …/Participants: every in-progress call of the conference, whatever the page
        (ParticipantsEndpoint.java:193-238; the SQL's status='in-progress')."""
        with self._lock:
            self._settle()
            found = [r for r in sorted(self.records.values(), key=lambda r: r.order)
                     if r.account_sid == account and r.conference_sid == conference_sid
                     and r.status == "in-progress"]  # fmt: skip
            try:
                pages = paging(query, len(found), uri)
            except ListError as exc:
                raise ApiError(exc.status, exc.message) from None
            return [r.copy() for r in found], pages

    def get_participant(self, account: str, sid: str) -> CallRecord:
        """GET …/Participants/{CallSid}: the call, whatever conference the URL names
        (ParticipantsEndpoint.java:142-176)."""
        if not valid_sid(sid):
            raise ApiError(500, f"{sid} is an INVALID_SID sid value.")
        with self._lock:
            self._settle()
            return self._own(account, sid, missing=404).copy()

    def modify_participant(self, account: str, sid: str, form: Mapping[str, str]) -> CallRecord:
        """POST …/Participants/{CallSid}: ``Mute`` only, on in-progress calls (PE:242-313)."""
        if not valid_sid(sid):
            raise ApiError(400)
        with self._lock:
            self._settle()
            record = self._own(account, sid, missing=406)
            if record.ended:  # asking a stopped call actor fails (PE:294-296)
                raise ApiError(500, f"Recipient[{sid}] had already been terminated.")
            before = record.copy()
            if self._state(sid) == "in-progress":
                self._set_mute(record, form.get("Mute", "").strip().lower() == "true")
            self._settle()
            return before

    def list_conferences(
        self, account: str, query: Mapping[str, str], uri: str
    ) -> tuple[list[ConferenceRecord], Paging]:
        """GET …/Conferences: the account's rooms, newest first (ConferencesEndpoint:144-214)."""
        with self._lock:
            self._settle()
            found = [c for c in self.conferences.values() if c.account_sid == account]
            if "Status" in query:
                found = [c for c in found if like(query["Status"], c.status)]
            if "FriendlyName" in query:
                found = [c for c in found if like(query["FriendlyName"], c.name)]
            found.sort(key=lambda c: (c.created, c.order), reverse=True)
            try:
                pages = paging(query, len(found), uri)
            except ListError as exc:
                raise ApiError(exc.status, exc.message) from None
            return [replace(c) for c in one_page(found, pages)], pages

    def get_conference(self, account: str, sid: str) -> ConferenceRecord:
        with self._lock:
            self._settle()
            conference = self.conferences.get(sid)
            if conference is None:
                raise ApiError(404)
            if conference.account_sid != account:
                raise ApiError(401)  # ConferencesEndpoint.java:125-132
            return replace(conference)

    # -- what the local Restcomm adds ------------------------------------------------------------

    def transcript(self, account: str, sid: str) -> Transcript:
        """The simulator's transcript of a call (a Dial leg: its parent's, where it is told)."""
        with self._lock:
            self._settle()
            record = self._own(account, sid, missing=404)
            call = self._calls.get(sid)
            if call is None and record.parent_call_sid is not None:
                call = self._calls.get(record.parent_call_sid)
            if call is None:
                raise ApiError(404, "no transcript is kept for this call any more")
            kept = call.transcript  # a copy: a real clock's ticker may add to the original
            return Transcript(list(kept.events), kept.status, kept.duration)

    def clock_state(self) -> dict[str, object]:
        with self._lock:
            self._settle()
            return {"clock": self.clock, "now": round(self._now, 3),
                    "time": self.dates.iso(self._now), "live_calls": len(self._live),
                    "api_version": API_VERSION}  # fmt: skip
