"""Site rules: what is wrong between the documents of a site, not inside one document.

The site check (``rcml.site``) reports these when it loads a whole site
(``rcml serve``, ``rcml build``); the validation engine never runs them on a single document, so
they are parse-stage rules, like the parser's own.
"""

from __future__ import annotations

from rcml.core.findings import Severity
from rcml.rules.base import Rule


class BrokenLink(Rule):
    """A link into the site that points at nothing the site serves.

    What it does
    Follows every URL in a document that points into the site (a relative URL, or an absolute one
    under `--base-url`): `action`, `<Redirect>`, a noun's `url`, a Conference `waitUrl`, `<Play>`
    and `<Fax>`, and checks that the site has a document, template or media file there.

    Why it matters
    Restcomm fetches the link while the call is live. A 404 on an `action` or `<Redirect>` fails
    the call (only the first fetch has a fallback), a missing `<Play>` file hangs up, a missing
    screening document drops the called party.

    Example
        <Response><Gather action="/menu-reply.xml"/></Response>   (no menu-reply.xml in the site)

    Use instead
        <Response><Gather action="/menu.xml"/></Response>   (a document the site has)
    """

    code = "RCML601"
    name = "broken-link"
    severity = Severity.ERROR
    stage = "parse"


class LinkTargetInvalidInContext(Rule):
    """A link whose target is not a valid document in the context the link gives it.

    What it does
    Validates the target of each link in the context Restcomm runs it in: a Conference `waitUrl`
    as a conference-wait document, a Dial noun's `url` as a call-screening document, an `action`
    or `<Redirect>` as a voice document (a USSD `action` as USSD, an SMS document's links as SMS).
    A link Restcomm fetches as a document must not lead to a media file.

    Why it matters
    A document can be valid on its own and wrong where it is used: a `<Gather>` in a wait
    document hangs up the waiting caller; a `<Dial>` in a screening document fails the call.
    Restcomm parses every document it downloads as XML (Downloader.java:160-174), so an audio file
    behind a `<Redirect>`, an `action`, a noun's `url` or a `waitUrl` whose path does not end in
    `wav` (VoiceInterpreter.java:3169) fails the download and the call.

    Example
        <Conference waitUrl="/menu.xml">room</Conference>   (menu.xml holds a <Gather>)

    Use instead
        <Conference waitUrl="/wait-music.xml">room</Conference>   (only <Play> and <Say>)
    """

    code = "RCML602"
    name = "link-target-invalid-in-context"
    severity = Severity.ERROR
    stage = "parse"


class RedirectCycle(Rule):
    """Documents that redirect to each other in a loop with no verb that takes call time.

    What it does
    Follows `<Redirect>` (and `<Sms action>`, whose answer replaces the document) between the
    site's documents and reports a cycle in which no document plays, says, pauses, gathers,
    records or dials before it redirects.

    Why it matters
    Restcomm fetches the next document at once, so such a loop hammers the server with requests
    while the caller hears silence, until the call is dropped.

    Example
        a.xml: <Response><Redirect>/b.xml</Redirect></Response>
        b.xml: <Response><Redirect>/a.xml</Redirect></Response>

    Use instead
        a.xml: <Response><Play>/hold.wav</Play><Redirect>/a.xml</Redirect></Response>
    """

    code = "RCML603"
    name = "redirect-cycle"
    severity = Severity.ERROR
    stage = "parse"


class TemplateFailure(Rule):
    """A template that does not compile, or fails to render with its sample values.

    What it does
    Compiles every `*.xml.j2` template of a site and renders it with each sample parameter set it
    declares (`{#- rcml-samples: [{"From": "+15550100"}] -#}`); a syntax error, a value the
    template needs but the samples lack, a sandbox violation, or a bad declaration is reported.

    Why it matters
    The server would answer 500 to Restcomm for such a template, so the call fails over to the
    FallbackUrl, or hangs up.

    Example
        <Response><Say>Hello {{ From }</Say></Response>

    Use instead
        {#- rcml-samples: [{"From": "+15550100"}] -#}
        <Response><Say>Hello {{ From }}</Say></Response>
    """

    code = "RCML604"
    name = "template-error"
    severity = Severity.ERROR
    stage = "parse"


RULES: tuple[type[Rule], ...] = (
    BrokenLink,
    LinkTargetInvalidInContext,
    RedirectCycle,
    TemplateFailure,
)
