"""Preflight: fetch a ``Url`` the way Restcomm will, and say whether the call would work.

Restcomm's document fetch is unlike a browser's, and each difference has broken real
deployments. The preflight does not imitate it: it runs rcml's one model of it,
:mod:`rcml.core.download` (the simulator runs the same one), over httpx. So, as Restcomm:

* only GET and POST. Restcomm's parameters come first, then the Url's own query fields: in the
  query of a GET (sent to the Url rebuilt without its credentials), in the form body of a POST
  (sent to the Url without its query);
* credentials written in the Url (``https://user:pass@host/app.xml``) are never sent up front:
  only after a ``401`` whose ``WWW-Authenticate`` asks for them (Basic or Digest), and only to
  that host. A GET with parameters goes to a URL without them, so it never authenticates;
* HttpClient follows a 301, 302 or 307 answering a GET, and a 303 answering anything, as a GET
  with no parameters; a POST answered 301, 302 or 307 is re-sent as a POST with the same
  parameters to the Location, which must be absolute;
* any answer with a body (``Content-Length`` above 0) must be XML, whatever its status: a 404
  page in HTML fails the download itself, and is no warning 21402;
* only status 200 runs the document; any other status or failure of the first document goes to
  the call's ``FallbackUrl`` when it has one.

Then the answer's type decides what Restcomm does with it (:func:`~rcml.core.download.
document_kind`): ``text/xml``, ``application/xml`` and ``text/html`` are parsed as RCML, and the
body must have no error-severity finding from :func:`rcml.validate` in the voice context
(``text/html`` passes with a note: a 200 ``text/html`` is most often a login or error page,
which the validator then rejects as not RCML). Every other type, or none, is refused, with what
Restcomm would do instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from rcml.calls._secrets import ENCODE_HINT, mask_url, split_userinfo, userinfo_problem
from rcml.calls._transport import Incoming, Operation, Outgoing
from rcml.core import Finding, Limits
from rcml.core.download import (
    IO_ERROR,
    MAX_REQUESTS,
    PROTOCOL_ERROR,
    Answer,
    Download,
    Outcome,
    Request,
    charset,
    document_kind,
    download,
    outcome,
)
from rcml.core.names import did_you_mean
from rcml.engine import validate
from rcml.engine.engine import DEFAULT_LIMITS
from rcml.rules.urls import url_problem

API_VERSION = "2012-04-24"
# A placeholder CallSid for a call that does not exist yet (create): clearly not a real one.
PLACEHOLDER_CALL_SID = "CA" + "0" * 32

_STATUS_ADVICE = {
    401: "the document needs credentials Restcomm was not given",
    403: "the server refuses Restcomm's request",
    404: "not found",
    405: "the server does not accept this method; static file servers answer POST with 405, "
    "so use Method=GET or a server that accepts POST",
}
_CONSEQUENCE: dict[Outcome, str] = {
    "fallback": "Restcomm fetches the FallbackUrl instead",
    "not-found": "Restcomm ends the call (warning 21402)",
    "fail": "the call fails",
}
_KIND_PROBLEM = {
    "none": "the answer has no Content-Type: Restcomm hangs up",
    "audio": "Content-Type {type}: Restcomm plays the Url itself as audio (a <Play> of it), "
    "it does not run RCML",
    "text": "Content-Type {type}: Restcomm says the body aloud (a <Say> of it), it does not run "
    "it as RCML",
    "unknown": "Content-Type {type} is not one Restcomm reads (text/xml, application/xml, "
    "text/html): the call waits in silence",
}


@dataclass
class PreflightReport:
    """What the preflight fetched and why it passed or was refused.

    ``url`` and every URL here are masked (no credentials). ``problems`` are reasons to
    refuse that are not about the document's content; ``findings`` are the validator's;
    ``notes`` are things worth knowing that do not refuse.
    """

    url: str
    method: str
    final_url: str = ""
    status: int | None = None
    content_type: str | None = None
    redirects: list[str] = field(default_factory=list)
    authenticated: bool = False
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.is_error]

    @property
    def ok(self) -> bool:
        """True when Restcomm would get a voice document it can run."""
        return not self.problems and not self.errors

    def summary(self) -> str:
        """One paragraph for people: the verdict, then each reason."""
        where = f"{self.method} {self.url}"
        if self.ok:
            return f"preflight passed: {where} gave a valid voice document"
        reasons = list(self.problems)
        errors = self.errors
        reasons += [f"{f} [{f.element}]" if f.element else str(f) for f in errors[:5]]
        if len(errors) > 5:
            reasons.append(f"… and {len(errors) - 5} more error(s)")
        lines = [f"preflight refused {where}: Restcomm would not get a valid voice document"]
        lines += [f"  - {reason}" for reason in reasons]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "url": self.url,
            "method": self.method,
            "final_url": self.final_url,
            "status": self.status,
            "content_type": self.content_type,
            "redirects": list(self.redirects),
            "authenticated": self.authenticated,
            "problems": list(self.problems),
            "notes": list(self.notes),
            "findings": [f.to_dict() for f in self.findings],
        }


def call_parameters(
    *,
    call_sid: str,
    account_sid: str,
    from_: str,
    to: str,
    status: str = "in-progress",
    direction: str = "outbound-api",
    api_version: str = API_VERSION,
    caller_name: str | None = None,
    forwarded_from: str | None = None,
) -> dict[str, str]:
    """The parameters Restcomm sends with every voice request.

    ``CallerName`` and ``ForwardedFrom`` are the literal string ``null`` when unknown, as
    Restcomm sends them.
    """
    return {
        "CallSid": call_sid,
        "AccountSid": account_sid,
        "From": from_,
        "To": to,
        "CallStatus": status,
        "ApiVersion": api_version,
        "Direction": direction,
        "CallerName": caller_name or "null",
        "ForwardedFrom": forwarded_from or "null",
    }


def _challenge(headers: Mapping[str, str]) -> str | None:
    """``basic`` or ``digest`` when the 401 asks for one of them, else None."""
    value = headers.get("www-authenticate", "").strip().lower()
    for scheme in ("digest", "basic"):
        if value.startswith(scheme):
            return scheme
    return None


def _outgoing(request: Request, auth: tuple[str, str, str] | None, cap: int) -> Outgoing:
    return Outgoing(
        request.method,
        request.wire_url,
        "fetch",
        content=request.body if request.method == "POST" else None,
        content_type=request.content_type,
        auth=auth,
        max_bytes=cap,
    )


def _send(request: Request, cap: int) -> Operation[tuple[Incoming, bool]]:
    """One request, and the same again with the credentials HttpClient has for its host when
    the answer is a 401 that asks for Basic or Digest ones: (the answer, whether they went)."""
    answer = yield _outgoing(request, None, cap)
    scheme = _challenge(answer.headers)
    if answer.status != 401 or scheme is None or request.credentials is None:
        return answer, False
    user, password = request.credentials
    return (yield _outgoing(request, (scheme, user, password), cap)), True


def fetch_document(
    url: str,
    *,
    method: str = "POST",
    params: Mapping[str, str] | None = None,
    limits: Limits = DEFAULT_LIMITS,
    fallback: bool = False,
) -> Operation[PreflightReport]:
    """The preflight as an operation (see :mod:`rcml.calls._transport`): fetch, then judge.

    ``fallback``: the call has a FallbackUrl, which Restcomm fetches when this Url fails.
    """
    method = (method or "POST").strip().upper()
    problem = userinfo_problem(url)
    if problem is not None:
        shown = mask_url(url)
        report = PreflightReport(url=shown, method=method, final_url=shown)
        report.problems.append(f"the Url cannot be used: {problem}; {ENCODE_HINT}")
        return report
    bare, user, _ = split_userinfo(url)
    report = PreflightReport(url=mask_url(url), method=method, final_url=mask_url(bare))
    parts = urlsplit(bare)
    if method not in ("GET", "POST"):
        guess = did_you_mean(method, ("GET", "POST"))
        hint = f" (did you mean {guess}?)" if guess else ""
        report.problems.append(
            f"Restcomm fetches documents only with GET or POST, not {method}{hint}"
        )
        return report
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        report.problems.append("the Url must be an absolute http:// or https:// URL")
        return report
    exchange = download(url, method, list((params or {}).items()), uri_problem=url_problem)
    last = Incoming(0)
    try:
        request = next(exchange)
        for sent in range(MAX_REQUESTS):
            if sent:
                report.redirects.append(mask_url(request.url))
            last, authed = yield from _send(request, limits.max_bytes)
            request = exchange.send(
                Answer(last.status, last.headers, last.body, last.error, authed)
            )
        raise AssertionError("a download sent more requests than MAX_REQUESTS")
    except StopIteration as stop:
        result: Download = stop.value
    report.authenticated = result.authenticated
    if report.redirects:
        report.final_url = report.redirects[-1]
        report.notes.append(
            "redirected: relative URLs in the document resolve against the Url itself, "
            "not against where it redirected"
        )
    return judge(report, result, last, user is not None, limits, fallback=fallback)


def _status_problem(result: Download, verdict: Outcome, has_credentials: bool) -> str:
    """Why a completed download that is not a 200 (or whose body is not XML) fails."""
    status = result.status
    advice = _STATUS_ADVICE.get(status or 0, "only 200 counts as success for Restcomm")
    if status == 401:
        if not has_credentials:
            advice = (
                "the document needs credentials; write them in the Url "
                "(https://user:password@host/…): Restcomm sends them after this challenge"
            )
        elif not _challenge(result.headers):
            advice = (
                "the 401 has no Basic or Digest WWW-Authenticate challenge, so Restcomm "
                "never sends the Url's credentials"
            )
        elif result.authenticated:
            advice = "the credentials in the Url were refused"
        elif result.method == "GET":
            advice = (
                "Restcomm has no credentials for this request: a GET carries the parameters "
                "in a URL rebuilt without the Url's credentials"
            )
        else:
            advice = (
                "Restcomm has no credentials for this request: the Url's are kept for its host "
                "(and port, when the Url names one), and this answer came from elsewhere"
            )
    consequence = _CONSEQUENCE.get(verdict, "the call fails")
    if result.xml_ok is False:
        lost = " (and there is no warning 21402)" if status == 404 else ""
        if status == 200:
            shown = result.content_type or "no Content-Type"
            return (
                f"the answer ({shown}) is not XML, so Restcomm's download fails: {consequence}"
            )
        consequence = f"its body is not XML, so Restcomm's download fails{lost}: {consequence}"
    return f"HTTP {status}: {advice}; {consequence}"


def _failure_problem(result: Download, verdict: Outcome, has_credentials: bool) -> str:
    """The problem a download that did not give a 200 document is."""
    failure = mask_url(result.failure or "")
    if verdict == "hang":
        return f"Restcomm would never get an answer: {failure}; the call waits in silence"
    if result.status is not None and (result.failure is None or result.xml_ok is False):
        return _status_problem(result, verdict, has_credentials)
    fallback = verdict == "fallback"
    if result.code == IO_ERROR:
        problem = f"could not fetch the Url: {failure}"
        if fallback:
            return f"{problem}; Restcomm records error 11205 and fetches the FallbackUrl instead"
        return problem
    if result.code == PROTOCOL_ERROR:
        problem = f"Restcomm's HTTP client refuses this: {failure}"
        if fallback:
            return f"{problem}; Restcomm records error 11206 and fetches the FallbackUrl instead"
        return f"{problem}; the call fails"
    return f"the download fails: {failure}; {_CONSEQUENCE['fallback' if fallback else 'fail']}"


def judge(
    report: PreflightReport,
    result: Download,
    last: Incoming,
    has_credentials: bool,
    limits: Limits,
    *,
    fallback: bool = False,
) -> PreflightReport:
    """Fill ``report`` from the download: its outcome, then the answer's type, then the body."""
    report.status = result.status
    report.content_type = result.content_type
    if last.truncated:
        report.problems.append(f"the body is larger than {limits.max_bytes} bytes")
        return report
    verdict = outcome(result, fallback=fallback)
    if verdict != "run":
        report.problems.append(_failure_problem(result, verdict, has_credentials))
        return report
    kind = document_kind(result.content_type)
    if kind != "rcml":
        problem = _KIND_PROBLEM[kind].format(type=result.content_type)
        report.problems.append(problem)
    elif "text/html" in (result.content_type or "") and not any(
        t in (result.content_type or "") for t in ("text/xml", "application/xml")
    ):
        report.notes.append(
            "Content-Type text/html: Restcomm parses it as RCML, but serve text/xml"
        )
    coding = charset(Answer(headers=result.headers))
    if coding.lower().replace("_", "-") not in ("utf-8", "utf8"):
        report.problems.append(
            f"Content-Encoding {coding}: Restcomm reads this header as the body's charset "
            "and decodes the body with it"
        )
    if "content-length" not in result.headers:
        report.notes.append("no Content-Length: Restcomm cannot pre-check the XML")
    if report.problems:
        return report
    report.findings = validate(result.raw, context="voice", limits=limits)
    return report
