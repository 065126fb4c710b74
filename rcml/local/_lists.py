"""Listing calls and conferences the way Restcomm's database query does it.

``GET …/Calls`` (CallsEndpoint.java:218-417) reads its filters into a CallDetailRecordFilter and
runs the SQL of call-detail-records.xml (restcomm.application/…/mariadb/sql/, L80-185):

* ``To`` and ``From`` match the end of the value: ``%`` is put in front
  (CallDetailRecordFilter.java:71-74); every filter is SQL ``LIKE`` (``%`` any run, ``_`` any
  one character), without case (MariaDB's default collation);
* ``StartTime`` keeps calls started on or after that day, ``EndTime`` those that ended before
  the end of that day (``DATE_ADD(…, INTERVAL 1 DAY)``); a day that is not ``yyyy-MM-dd``
  answers 400 (CallDetailRecordFilter.java:83-96, CallsEndpoint.java:389-394);
* ``SortBy=Field[:asc|desc]`` sorts by one of seven fields, then newest first; any other field
  is ignored; a direction other than asc or desc answers 400 (Sorting.java, CE:275-350);
  without it, newest first (``order by date_created DESC``);
* ``Page`` counts from 0 and ``PageSize`` defaults to 50 (CE:352-362); a page past the last
  answers 400 (CE:398-400); a page or size that is not a number, or a size of 0, is a Java
  exception: 500.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar

from rcml.local.records import CallRecord
from rcml.local.render import Dates, Paging

T = TypeVar("T")


class ListError(Exception):
    """A list request Restcomm refuses: ``status`` and the message of its answer."""

    def __init__(self, status: int, message: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def like(pattern: str, value: str | None) -> bool:
    """SQL ``value LIKE pattern`` without case; NULL matches nothing."""
    if value is None:
        return False
    regex = "".join(".*" if c == "%" else "." if c == "_" else re.escape(c) for c in pattern)
    return re.fullmatch(regex, value, re.IGNORECASE | re.DOTALL) is not None


def _java_int(text: str) -> int:
    """Integer.parseInt: a NumberFormatException is a 500 with Java's message."""
    if not re.fullmatch(r"[+-]?[0-9]{1,10}", text) or not -(2**31) <= int(text) < 2**31:
        raise ListError(500, f'For input string: "{text}"')
    return int(text)


def paging(query: Mapping[str, str], total: int, uri: str) -> Paging:
    """Page and PageSize read as Restcomm reads them, checked against ``total``."""
    size = _java_int(query.get("PageSize", "50"))
    page = _java_int(query.get("Page", "0"))
    if size == 0:
        raise ListError(500, "/ by zero")
    if size < 0 or page < 0:  # a negative LIMIT or OFFSET: the SQL fails
        raise ListError(500, "the database refused a negative LIMIT or OFFSET")
    if page > total // size:
        raise ListError(400)
    return Paging(page, size, total, uri)


def one_page(items: Sequence[T], pages: Paging) -> list[T]:
    start = pages.page * pages.size
    return list(items[start : start + pages.size])


def _day(text: str) -> date:
    """SimpleDateFormat("yyyy-MM-dd").parse: lenient about what follows the day."""
    match = re.match(r"\s*(\d{1,4})-(\d{1,2})-(\d{1,2})", text)
    if match is None:
        raise ListError(400)
    year, month, day = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise ListError(400) from None


_SORT: dict[str, Callable[[CallRecord], Any]] = {
    "DateCreated": lambda r: (r.created, r.order),
    "From": lambda r: r.from_.lower(),
    "To": lambda r: r.to.lower(),
    "Direction": lambda r: r.direction,
    "Status": lambda r: r.status.lower(),
    "Duration": lambda r: r.duration if r.duration is not None else -1,
    "Price": lambda r: 0,
}


def _sort(records: list[CallRecord], sort_by: str | None) -> list[CallRecord]:
    newest_first = sorted(records, key=lambda r: (r.created, r.order), reverse=True)
    if not sort_by:
        return newest_first
    field, sep, direction = sort_by.partition(":")
    if sep and not field:
        raise ListError(400, "Error parsing the SortBy parameter: missing field to sort by")
    if sep and direction.lower() not in ("asc", "desc"):
        raise ListError(400, "Error parsing the SortBy parameter: sort direction needs to be "
                             "either ASC or DESC")  # fmt: skip
    key = _SORT.get(field)
    if key is None:
        return newest_first
    descending = direction.lower() == "desc"
    if field == "DateCreated":
        return sorted(records, key=key, reverse=descending)
    return sorted(newest_first, key=key, reverse=descending)  # stable: then newest first


def filter_calls(
    records: Sequence[CallRecord], query: Mapping[str, str], dates: Dates
) -> list[CallRecord]:
    """The account's records ``query`` selects, in the order it asks for."""
    found = list(records)
    fields: tuple[tuple[str, Callable[[CallRecord], str | None], str], ...] = (
        ("To", lambda r: r.to, "%"),
        ("From", lambda r: r.from_, "%"),
        ("Status", lambda r: r.status, ""),
        ("ParentCallSid", lambda r: r.parent_call_sid, ""),
        ("ConferenceSid", lambda r: r.conference_sid, ""),
    )
    for name, get, prefix in fields:
        if name in query:
            pattern = prefix + query[name]
            found = [r for r in found if like(pattern, get(r))]
    if "StartTime" in query:
        since = _midnight(_day(query["StartTime"]))
        found = [r for r in found if r.start is not None and dates.moment(r.start) >= since]
    if "EndTime" in query:
        until = _midnight(_day(query["EndTime"])) + timedelta(days=1)
        found = [r for r in found if r.end is not None and dates.moment(r.end) <= until]
    reverse = query.get("Reverse")
    sort_by = query.get("SortBy")
    if reverse is not None and sort_by is None:  # the old console's Reverse (CE:261-268)
        sort_by = "DateCreated:" + ("desc" if reverse.lower() == "true" else "asc")
    return _sort(found, sort_by)


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)
