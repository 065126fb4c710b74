"""Lint-stage rule about Jinja2 templates (``*.xml.j2``) that cannot be rendered.

``rcml lint`` renders each template with the sample values it declares and validates the output
(``rcml.lint.template``); this class holds the code and documentation of the finding it reports
when a template does not compile or render.
"""

from __future__ import annotations

from rcml.rules.base import Rule
from rcml.validate.findings import Severity


class TemplateFailed(Rule):
    """A template does not compile, or does not render with its declared sample values.

    What it does
    Reports a Jinja2 syntax error, a malformed `rcml-samples` declaration, a value the template
    uses that a sample set does not give (templates are strict: a missing value is an error, not
    an empty string) and anything the sandbox refuses, with the template's line when Jinja2
    knows it and the sample set that failed.

    Why it matters
    A template that fails to render gives the caller an error page instead of RCML, and Restcomm
    hangs up. Every value a template uses must be declared with a sample, so that the document
    can be checked before it is served.

    Example
        {#- rcml-samples: [{"From": "+15550100"}] -#}
        <Response><Say>Hello {{ Caller }}</Say></Response>

    Use instead
        {#- rcml-samples: [{"From": "+15550100"}] -#}
        <Response><Say>Hello {{ From }}</Say></Response>
    """

    code = "RCML008"
    name = "template-error"
    severity = Severity.ERROR
    stage = "lint"


RULES: tuple[type[Rule], ...] = (TemplateFailed,)
