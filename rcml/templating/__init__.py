"""Jinja2 RCML templates, safe by construction.

Every template, whatever its file name, is rendered with autoescaping on (Jinja's
``select_autoescape()`` does not cover ``.xml.j2``: that is how a caller-controlled ``From`` once
injected a ``<Dial>``), ``StrictUndefined`` (a missing value is an error, not an empty string),
in a sandbox, and with control characters removed from every value (they would make the XML
unparseable). A value from a request can therefore never add, remove or change an element or an
attribute: it can only be text.

Sample values, used to check a template before it is ever served (``rcml lint``, the server's
load-time check, ``rcml build``), are declared in the template itself, in a Jinja comment that
holds a JSON array of objects, one per parameter set::

    {#- rcml-samples: [{"From": "+15550100", "Digits": "1"}, {"From": "client:alice"}] -#}

A template without the comment is rendered once with no values.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from rcml.core.errors import RcmlError
from rcml.core.xmlchars import FORBIDDEN

TEMPLATE_SUFFIX = ".xml.j2"
_SAMPLES = re.compile(r"\{#-?\s*rcml-samples:(?P<json>.*?)-?#\}", re.DOTALL)


class TemplateError(RcmlError):
    """A template cannot be compiled or rendered; ``line`` is its line, when known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def clean_value(value: Any) -> Any:
    """Remove the characters XML 1.0 forbids from a string value (others pass unchanged).

    Markup (a macro's output, already escaped) stays Markup: removing characters cannot make
    markup of text, and a plain ``str`` would be escaped a second time.
    """
    if isinstance(value, Markup):
        return Markup(FORBIDDEN.sub("", value))
    if isinstance(value, str):
        return FORBIDDEN.sub("", value)
    return value


def environment(loader: jinja2.BaseLoader | None = None) -> SandboxedEnvironment:
    """The one Jinja environment for RCML: autoescape always, strict, sandboxed, cleaned."""
    return SandboxedEnvironment(
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=clean_value,
        keep_trailing_newline=True,
        auto_reload=False,
    )


def template_samples(source: str) -> list[dict[str, str]]:
    """The sample parameter sets declared in a template (``[{}]`` when none are declared).

    Raises TemplateError when the declaration is not a JSON array of objects of strings.
    """
    match = _SAMPLES.search(source)
    if match is None:
        return [{}]
    line = source.count("\n", 0, match.start()) + 1
    try:
        samples = json.loads(match.group("json"))
    except json.JSONDecodeError as exc:
        raise TemplateError(f"rcml-samples is not valid JSON: {exc.msg}", line) from None
    if (
        not isinstance(samples, list)
        or not samples
        or not all(
            isinstance(s, dict) and all(isinstance(v, str) for v in s.values()) for s in samples
        )
    ):
        raise TemplateError("rcml-samples must be a JSON array of objects with string values", line)
    return samples


def compile_template(source: str, name: str = "<template>") -> jinja2.Template:
    """Compile a template; raises TemplateError (with the line) on a syntax error."""
    try:
        return environment().from_string(source)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"{name}: {exc.message}", exc.lineno) from None


def render(template: jinja2.Template, values: Mapping[str, Any]) -> bytes:
    """Render to UTF-8 bytes; raises TemplateError for a missing value or a sandbox violation.

    Each value is a variable of its own (``{{ From }}``), and all of them are also ``params``
    (``{{ params.get("Digits", "") }}``), for names that are not identifiers or may be absent.
    """
    try:
        return template.render({**values, "params": dict(values)}).encode("utf-8")
    except jinja2.UndefinedError as exc:
        raise TemplateError(f"missing value: {exc.message}") from None
    except jinja2.TemplateError as exc:
        raise TemplateError(str(exc.message or exc)) from None


__all__ = [
    "TEMPLATE_SUFFIX",
    "TemplateError",
    "clean_value",
    "compile_template",
    "environment",
    "render",
    "template_samples",
]
