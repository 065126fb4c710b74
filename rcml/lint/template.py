"""Lint Jinja2 templates (``*.xml.j2``): render each declared sample set, validate the output.

Sample values are declared in the template itself (see :mod:`rcml.templating`)::

    {#- rcml-samples: [{"From": "+15550100"}, {"From": "client:alice"}] -#}

Findings point at the template's lines: the output is aligned with the template line by line
(``difflib``), and a finding on an output line that is a copy of a template line (a line without
Jinja) keeps its line and column. A finding on a line that Jinja produced points at the template
line that produced it, and says which sample set and which output line it came from. Findings
that several sample sets share are reported once. A template that does not compile or render is
an RCML604 finding (template-error, the rule ``rcml serve`` reports for the same
problem), never an exception.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from types import TracebackType

from rcml.core.findings import Finding
from rcml.rules.document import NotUtf8
from rcml.rules.site import TemplateFailure

DocumentLinter = Callable[[bytes], list[Finding]]
_TEMPLATE_FILE = "<template>"  # the file name Jinja2 gives a template compiled from a string


def _line_from(error: BaseException) -> int | None:
    """The template line of the innermost template frame of the error behind ``error``."""
    cause = error.__cause__ or error.__context__
    tb: TracebackType | None = cause.__traceback__ if cause is not None else None
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == _TEMPLATE_FILE:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


class LineMap:
    """Maps lines of one rendered output back to the template's lines."""

    def __init__(self, template: str, output: str) -> None:
        self._map: dict[int, tuple[int, bool]] = {}
        source, rendered = template.split("\n"), output.split("\n")
        matcher = difflib.SequenceMatcher(None, source, rendered, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                for offset in range(j2 - j1):
                    self._map[j1 + offset + 1] = (i1 + offset + 1, True)
            elif tag == "replace":
                self._pair(source, rendered, range(i1, i2), range(j1, j2))
            else:  # output lines with no template counterpart: the template line before them
                for j in range(j1, j2):
                    self._map[j + 1] = (max(1, min(i1, len(source))), False)

        self._source, self._rendered = source, rendered

    def _pair(self, source: list[str], rendered: list[str], template: range, output: range) -> None:
        """Map each output line of a changed block to the most similar template line of the
        block, never going backwards (the output comes out in template order)."""
        if len(template) == len(output):
            for i, j in zip(template, output, strict=True):
                self._map[j + 1] = (i + 1, False)
            return
        start = template.start
        for j in output:
            best, best_ratio = start, -1.0
            for i in range(start, template.stop):
                ratio = difflib.SequenceMatcher(None, source[i], rendered[j]).ratio()
                if ratio > best_ratio:
                    best, best_ratio = i, ratio
            self._map[j + 1] = (best + 1, False)
            start = best

    def position(self, line: int, column: int) -> tuple[int, bool]:
        """(template line, exact) for an output position: exact when the template line reads
        the same as the output line up to that column (no Jinja before it)."""
        mapped, exact = self._map.get(line, (1, False))
        if not exact and 0 < line <= len(self._rendered) and 0 < mapped <= len(self._source):
            before = column - 1
            template_line, output_line = self._source[mapped - 1], self._rendered[line - 1]
            exact = len(output_line) >= before and template_line[:before] == output_line[:before]
            exact = exact and "{" not in template_line[:before]
        return mapped, exact


def lint_template(text: bytes, name: str, lint_document: DocumentLinter) -> list[Finding]:
    """Every finding for one template, at template positions, sorted and without duplicates."""
    from rcml.templating import TemplateError, compile_template, render, template_samples

    try:
        source = text.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = text.count(b"\n", 0, exc.start) + 1
        return [NotUtf8.at(line, 1, "the template is not UTF-8", "save the file as UTF-8")]
    try:
        samples = template_samples(source)
        template = compile_template(source, name)
    except TemplateError as exc:
        message = exc.message.removeprefix(f"{name}: ")
        return [TemplateFailure.at(exc.line or 1, 1, message, "fix the template")]
    found: dict[tuple[int, int, str, str], tuple[Finding, list[int]]] = {}
    several = len(samples) > 1
    for number, values in enumerate(samples, start=1):
        try:
            output = render(template, values)
        except TemplateError as exc:
            label = f"sample set {number}" if several else "its sample values"
            finding = TemplateFailure.at(
                exc.line or _line_from(exc) or 1,
                1,
                f"rendering with {label} failed: {exc.message}",
                "declare every value the template uses in rcml-samples",
            )
            found.setdefault((finding.line, 1, finding.code, finding.message), (finding, []))
            continue
        lines = LineMap(source, output.decode("utf-8", "replace"))
        for finding in lint_document(output):
            line, exact = lines.position(finding.line, finding.column)
            key = (line, finding.column, finding.code, finding.message)
            if key not in found:
                mapped = Finding(
                    line,
                    finding.column if exact else 1,
                    finding.code,
                    finding.severity,
                    finding.message if exact else f"{finding.message} (output line {finding.line})",
                    finding.element,
                    finding.hint,
                )
                found[key] = (mapped, [])
            found[key][1].append(number)
    return sorted(_with_sets(f, sets, len(samples)) for f, sets in found.values())


def _with_sets(finding: Finding, sets: list[int], total: int) -> Finding:
    """Say which sample sets produce a finding, unless it is all of them (or there is one)."""
    if total <= 1 or not sets or len(sets) == total:
        return finding
    numbers = ", ".join(str(n) for n in sets)
    label = "sample set" if len(sets) == 1 else "sample sets"
    return Finding(
        finding.line,
        finding.column,
        finding.code,
        finding.severity,
        f"{finding.message} (with {label} {numbers})",
        finding.element,
        finding.hint,
    )
