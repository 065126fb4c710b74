"""Preflight: fetch a ``Url`` the way Restcomm will, and say whether the call would work.

Restcomm's document fetch (spec §4.1) is unlike a browser's, and each difference has broken
real deployments, so the preflight reproduces them:

* only GET and POST; POST (the default) sends the call's parameters form-encoded and keeps the
  Url's query string; GET sends them as the query and **drops** the Url's own query string;
* credentials written in the Url (``https://user:pass@host/app.xml``) are never sent up front:
  only after a ``401`` whose ``WWW-Authenticate`` asks for them (Basic or Digest), and only to
  the Url's own origin;
* 301, 302, 303 and 307 are followed by hand with the same method and parameters (at most
  :data:`MAX_REDIRECTS`); anything else, 308 included, is the final answer;
* only status 200 counts.

The answer must then have an XML content type and a body with no error-severity finding from
:func:`rcml.validate` in the voice context. ``text/xml`` and ``application/xml`` pass;
``text/html`` passes with a note (Restcomm parses it as RCML too, but a 200 ``text/html`` is
most often a login or error page, which the validator then rejects as not RCML). Every other
type, or none, is refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from rcml.calls._secrets import ENCODE_HINT, mask_url, split_userinfo, userinfo_problem
from rcml.calls._transport import Incoming, Operation, Outgoing
from rcml.core import Finding, Limits
from rcml.core.names import did_you_mean
from rcml.engine import validate
from rcml.engine.engine import DEFAULT_LIMITS

MAX_REDIRECTS = 10
REDIRECT_STATUSES = frozenset({301, 302, 303, 307})
XML_TYPES = frozenset({"text/xml", "application/xml"})
LENIENT_TYPES = frozenset({"text/html"})
API_VERSION = "2012-04-24"
# A placeholder CallSid for a call that does not exist yet (create): clearly not a real one.
PLACEHOLDER_CALL_SID = "CA" + "0" * 32

_STATUS_ADVICE = {
    401: "the document needs credentials Restcomm was not given",
    403: "the server refuses Restcomm's request",
    404: "Restcomm refuses the call as not found (warning 21402)",
    405: "the server does not accept this method; static file servers answer POST with 405, "
    "so use Method=GET or a server that accepts POST",
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
    """The parameters Restcomm sends with every voice request (spec §4.2).

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


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()


def _request(url: str, method: str, params: Mapping[str, str], auth: Any, cap: int) -> Outgoing:
    if method == "GET":
        # Restcomm rebuilds the URI from scheme, host, port and path: the query is dropped.
        parts = urlsplit(url)
        bare = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
        return Outgoing("GET", bare, "fetch", params=dict(params), auth=auth, max_bytes=cap)
    return Outgoing(
        "POST", url.split("#", 1)[0], "fetch", form=dict(params), auth=auth, max_bytes=cap
    )


def _challenge(headers: Mapping[str, str]) -> str | None:
    """``basic`` or ``digest`` when the 401 asks for one of them, else None."""
    value = headers.get("www-authenticate", "").strip().lower()
    for scheme in ("digest", "basic"):
        if value.startswith(scheme):
            return scheme
    return None


def fetch_document(
    url: str,
    *,
    method: str = "POST",
    params: Mapping[str, str] | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Operation[PreflightReport]:
    """The preflight as an operation (see :mod:`rcml.calls._transport`): fetch, then judge."""
    method = (method or "POST").strip().upper()
    problem = userinfo_problem(url)
    if problem is not None:
        shown = mask_url(url)
        report = PreflightReport(url=shown, method=method, final_url=shown)
        report.problems.append(f"the Url cannot be used: {problem}; {ENCODE_HINT}")
        return report
    bare, user, password = split_userinfo(url)
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
    home = _origin(bare)
    current, auth = bare, None
    answer = Incoming(0)
    for _ in range(MAX_REDIRECTS + 2):
        answer = yield _request(current, method, params or {}, auth, limits.max_bytes)
        if answer.error is not None:
            report.problems.append(f"could not fetch the Url: {answer.error}")
            return report
        scheme = _challenge(answer.headers)
        challenged = answer.status == 401 and auth is None and scheme is not None
        if challenged and user is not None and _origin(current) == home:
            auth = (scheme, user, password or "")
            report.authenticated = True
            continue
        location = answer.headers.get("location")
        if answer.status in REDIRECT_STATUSES and location:
            if len(report.redirects) >= MAX_REDIRECTS:
                report.problems.append(f"more than {MAX_REDIRECTS} redirects")
                return report
            current, _, _ = split_userinfo(urljoin(current, location))
            report.redirects.append(mask_url(current))
            report.final_url = mask_url(current)
            if _origin(current) != home:
                auth = None  # credentials go to the Url's own origin only
            continue
        break
    if report.redirects:
        report.notes.append(
            "redirected: relative URLs in the document resolve against the Url itself, "
            "not against where it redirected"
        )
    return judge(report, answer, user is not None, limits)


def judge(
    report: PreflightReport, answer: Incoming, has_credentials: bool, limits: Limits
) -> PreflightReport:
    """Fill ``report`` from the final answer: status, content type, encoding, then the body."""
    report.status = answer.status
    if answer.status != 200:
        advice = _STATUS_ADVICE.get(answer.status, "only 200 counts as success for Restcomm")
        if answer.status == 401:
            if not has_credentials:
                advice = (
                    "the document needs credentials; write them in the Url "
                    "(https://user:password@host/…): Restcomm sends them after this challenge"
                )
            elif not _challenge(answer.headers):
                advice = (
                    "the 401 has no Basic or Digest WWW-Authenticate challenge, so Restcomm "
                    "never sends the Url's credentials"
                )
            else:
                advice = "the credentials in the Url were refused"
        report.problems.append(f"HTTP {answer.status}: {advice}")
        return report
    content_type = answer.headers.get("content-type")
    report.content_type = content_type
    media = (content_type or "").split(";", 1)[0].strip().lower()
    if not media:
        report.problems.append("the answer has no Content-Type: Restcomm hangs up")
    elif media in LENIENT_TYPES:
        report.notes.append(
            "Content-Type text/html: Restcomm parses it as RCML, but serve text/xml"
        )
    elif media not in XML_TYPES:
        report.problems.append(
            f"Content-Type {media} is not XML: Restcomm runs RCML only from text/xml or "
            "application/xml (or text/html)"
        )
    encoding = answer.headers.get("content-encoding", "").strip().lower()
    if encoding and encoding not in ("identity", "utf-8", "utf8"):
        report.problems.append(
            f"Content-Encoding {encoding}: Restcomm reads this header as the body's charset"
        )
    if answer.truncated:
        report.problems.append(f"the body is larger than {limits.max_bytes} bytes")
    if not answer.has_length:
        report.notes.append("no Content-Length: Restcomm cannot pre-check the XML")
    if report.problems:
        return report
    report.findings = validate(answer.body, context="voice", limits=limits)
    return report
