"""How `rcml call` and `rcml conference` print their results: readable text, or JSON.

Text shows only what Restcomm filled in: a field it left empty is not printed at all (never
``started None``).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from rcml.calls import Call, Created, Page, Participant, PreflightReport, Recording, Update


def render(result: Any, output_format: str, noun: str = "call") -> str:
    """``result`` of one client call, as text or as JSON; ``noun`` names a list's items."""
    if output_format == "json":
        data = [r.to_dict() for r in result] if isinstance(result, list) else result.to_dict()
        return json.dumps(data, indent=2, sort_keys=False)
    return text(result, noun)


def call_line(call: Call) -> str:
    route = f"{call.from_ or '?'} -> {call.to or '?'}"
    return f"{call.sid}  {call.status or '?'}  {call.direction or '?'}  {route}"


def participant_line(p: Participant) -> str:
    muted = {True: "muted", False: "not muted", None: "mute unknown"}[p.muted]
    held = "  on hold" if p.hold else ""
    return f"{p.sid}  in {p.conference_sid or '?'}  {muted}{held}"


def recording_line(r: Recording) -> str:
    parts = [r.sid or "?"]
    if r.duration is not None:
        parts.append(f"{r.duration:g} s")
    if r.date_created is not None:
        parts.append(_when(r.date_created))
    if r.file_uri:
        parts.append(r.file_uri)
    return "  ".join(parts)


def _when(value: datetime) -> str:
    return value.isoformat(sep=" ")


def _details(pairs: list[tuple[str, object]]) -> list[str]:
    """``  label  value`` lines for the values Restcomm filled in, labels aligned."""
    filled = [(label, value) for label, value in pairs if value not in (None, "")]
    width = max((len(label) for label, _ in filled), default=0)
    return [f"  {label:<{width}}  {value}" for label, value in filled]


def call_details(call: Call) -> list[str]:
    def seconds(value: int | None) -> str | None:
        return None if value is None else f"{value} s"

    price = f"{call.price} {call.price_unit or ''}".strip() if call.price else None
    return _details(
        [
            ("created", call.date_created and _when(call.date_created)),
            ("updated", call.date_updated and _when(call.date_updated)),
            ("started", call.start_time and _when(call.start_time)),
            ("ended", call.end_time and _when(call.end_time)),
            ("duration", seconds(call.duration)),
            ("rang for", seconds(call.ring_duration)),
            ("answered by", call.answered_by),
            ("caller name", call.caller_name),
            ("forwarded from", call.forwarded_from),
            ("parent call", call.parent_call_sid),
            ("price", price),
            ("instance", call.instance_id),
            ("uri", call.uri),
        ]
    )


def participant_details(p: Participant) -> list[str]:
    def yes_no(value: bool | None) -> str | None:
        return None if value is None else ("yes" if value else "no")

    return _details(
        [
            ("created", p.date_created and _when(p.date_created)),
            ("updated", p.date_updated and _when(p.date_updated)),
            ("starts the conference on enter", yes_no(p.start_conference_on_enter)),
            ("ends the conference on exit", yes_no(p.end_conference_on_exit)),
            ("uri", p.uri),
        ]
    )


def _line(item: Call | Participant) -> str:
    return call_line(item) if isinstance(item, Call) else participant_line(item)


def page_footer(page: Page[Any], noun: str) -> str:
    """How many items, and where the page is; participants come in one page, so just a count."""
    if not page.items:
        return f"no {noun}s"
    shown = f"{len(page.items)} {noun}(s)"
    if page.page is None or noun == "participant":
        return shown
    where = f"page {page.page}"
    if page.num_pages is not None:
        where += f" of 0-{page.num_pages}"
    total = f", {page.total} in all" if page.total is not None else ""
    after = f"; next: --page {page.next_page}" if page.next_page is not None else ""
    return f"{shown} on {where}{total}{after}"


def text(result: Any, noun: str = "call") -> str:
    """A readable rendering of any client result."""
    lines: list[str] = []
    report: PreflightReport | None = getattr(result, "preflight", None)
    if report is not None:
        lines.append(report.summary())
        lines += [f"  note: {note}" for note in report.notes]
    if isinstance(result, Created):
        lines += ["created: " + call_line(call) for call in result.calls]
    elif isinstance(result, Update):
        sent = " ".join(f"{k}={v}" for k, v in result.sent.items())
        lines.append(f"sent:   {sent}")
        lines.append(f"before: {_line(result.before)}")
        if result.after is not None:
            lines.append(f"after:  {_line(result.after)}")
        else:
            lines.append(
                "(Restcomm answers with the state before the change; --refresh reads it again)"
            )
    elif isinstance(result, Call):
        lines += [call_line(result), *call_details(result)]
    elif isinstance(result, Participant):
        lines += [participant_line(result), *participant_details(result)]
    elif isinstance(result, Page):
        lines += [_line(item) for item in result.items]
        lines.append(page_footer(result, noun))
    elif isinstance(result, list):
        lines += [recording_line(r) for r in result] or ["no recordings"]
    return "\n".join(lines)
