"""Records written as Gson and XStream write them: escaping, empty elements, dates."""

from __future__ import annotations

from datetime import UTC, datetime

from rcml.local.records import CallRecord
from rcml.local.render import Dates, Paging, call_json, page_xml, response, to_json, to_xml

DATES = Dates(datetime(2019, 1, 6, 9, 5, 7, tzinfo=UTC))


def _record(**values: object) -> CallRecord:
    base: dict[str, object] = dict(sid="CA1", account_sid="AC1", to="a<b>&'\"", from_="+1",
                                   direction="outbound-api", status="completed", created=0.0,
                                   updated=61.25, order=0)  # fmt: skip
    return CallRecord(**{**base, **values})  # type: ignore[arg-type]


def test_dates_as_simpledateformat_and_joda_write_them() -> None:
    assert DATES.rfc(0) == "Sun, 6 Jan 2019 09:05:07 +0000"  # d: no leading zero
    assert DATES.iso(61.25) == "2019-01-06T09:06:08.250Z"


def test_xml_escapes_text_and_writes_empty_fields_as_empty_elements() -> None:
    xml = to_xml(response(("Call", [("To", "a<b>&'\"\r"), ("EndTime", None), ("Calls", [])])))
    assert xml == (b"<RestcommResponse>\n  <Call>\n"
                   b"    <To>a&lt;b&gt;&amp;&apos;&quot;&#xd;</To>\n    <EndTime/>\n"
                   b"    <Calls/>\n  </Call>\n</RestcommResponse>")  # fmt: skip


def test_json_leaves_nulls_out_and_escapes_as_gson() -> None:
    data = call_json(_record(), DATES, "ID1")
    assert "duration" not in data and "end_time" not in data and "parent_call_sid" not in data
    text = to_json(data).decode()
    assert '"to": "a\\u003cb\\u003e\\u0026\\u0027\\"",' in text
    assert to_json({"a": "x=y"}, html_safe=False) == b'{\n  "a": "x=y"\n}'


def test_an_empty_page_in_xml() -> None:
    xml = page_xml(Paging(0, 50, 0, "/2012-04-24/Accounts/AC1/Calls"), "Calls", [], [])
    assert xml.startswith(b'<RestcommResponse>\n  <Calls page="0" numpages="0" pagesize="50" '
                          b'total="0" start="0" end="0" ')  # fmt: skip
    assert xml.endswith(b'lastpageuri="/2012-04-24/Accounts/AC1/Calls?Page=0&amp;PageSize=50"/>'
                        b"\n</RestcommResponse>")  # fmt: skip
