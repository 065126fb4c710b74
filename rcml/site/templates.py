"""The one template check: render a template with each sample set, validate, map findings back.

``rcml lint``, ``rcml serve`` and ``rcml build`` all check templates here, so a template problem is
reported the same way, at the same template line, by every command. Sample values are declared in
the template itself (see :mod:`rcml.templating`)::

    {#- rcml-samples: [{"From": "+15550100"}, {"From": "client:alice"}] -#}

Templates load other templates (``include``, ``extends``, ``import``) only from the sources they
are given (:class:`TemplateSources`): the files of one site, read once, so a template can never
load a file outside the site. Files whose name starts with ``_`` are partials: checked through
every template that uses them, never on their own.

Findings point at the template's lines: the output is aligned with the template line by line
(``difflib``), and a finding on an output line that is a copy of a template line (a line without
Jinja) keeps its line and column. A finding on a line that Jinja produced points at the template
line that produced it, and says which output line it came from. Findings that several sample sets
share are reported once; the others name their sample sets. A template that does not compile or
render is an RCML604 finding (template-error), never an exception.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType, TracebackType

import jinja2

from rcml.core.findings import Finding
from rcml.rules.document import NotUtf8
from rcml.rules.site import TemplateFailure
from rcml.templating import TEMPLATE_SUFFIX, TemplateError, environment, render, template_samples

DocumentChecker = Callable[[bytes], list[Finding]]
_UNDEFINED = re.compile(r"'(?P<name>[^']+)' is undefined")


class TemplateSources:
    """The template files one template may load, by their path under the site's root."""

    def __init__(self, sources: Mapping[str, str]) -> None:
        self._sources = dict(sources)
        self.sources: Mapping[str, str] = MappingProxyType(self._sources)
        self.environment = environment(jinja2.FunctionLoader(self._load))

    def _load(self, name: str) -> tuple[str, str, Callable[[], bool]] | None:
        source = self._sources.get(name)
        return None if source is None else (source, name, lambda: True)

    def __contains__(self, name: str) -> bool:
        return name in self._sources

    def having(self, name: str, source: str) -> TemplateSources:
        """These sources, with ``name`` holding ``source`` (the text just read of that file)."""
        if self._sources.get(name) == source:
            return self
        return TemplateSources({**self._sources, name: source})

    def compile(self, name: str) -> jinja2.Template:
        """The template ``name``; raises TemplateError (with the line) when it does not compile."""
        try:
            return self.environment.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            where = "" if exc.name in (None, name) else f"in {exc.name}: "
            raise TemplateError(f"{where}{exc.message}", exc.lineno) from None


def _frames(error: BaseException) -> list[tuple[str, int]]:
    """(template file, line) of every template frame behind ``error``, outermost first."""
    cause = error.__cause__ or error.__context__ or error
    tb: TracebackType | None = cause.__traceback__
    frames = []
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(TEMPLATE_SUFFIX) or filename == "<template>":
            frames.append((filename, tb.tb_lineno))
        tb = tb.tb_next
    return frames


def _render_failure(exc: TemplateError, name: str, label: str) -> Finding:
    """An RCML604 at the line of ``name`` the failure happened at (an include's line, when it
    happened in a partial), with a hint that fits the failure."""
    frames = _frames(exc)
    own = [line for file, line in frames if file == name]
    line = exc.line or (own[-1] if own else 1)
    message = exc.message
    if frames and frames[-1][0] != name:
        message = f"in {frames[-1][0]} line {frames[-1][1]}: {message}"
    hint = "declare every value the template uses in rcml-samples"
    cause = exc.__cause__ or exc.__context__
    if isinstance(cause, jinja2.TemplateNotFound):
        message = f"{cause.message or cause.name}: the site has no such template"
        hint = "include a template of the site by its path from the site's root"
    elif (undefined := _UNDEFINED.search(message)) is not None:
        var = undefined.group("name")
        hint = (
            f"a request without {var} fails the same way: test it with "
            f"{{% if {var} is defined %}}, give a default with {{{{ {var} | default('') }}}}, "
            "or add it to rcml-samples"
        )
    return TemplateFailure.at(line, 1, f"rendering with {label} failed: {message}", hint)


@dataclass(frozen=True)
class Rendering:
    """One sample set's output, with the map from its lines back to the template's."""

    number: int
    values: Mapping[str, str]
    body: bytes
    lines: LineMap

    def template_position(self, line: int, column: int) -> tuple[int, int, bool]:
        """(template line, column, exact) for a position in this output."""
        mapped, exact = self.lines.position(line, column)
        return mapped, column if exact else 1, exact


@dataclass(frozen=True)
class TemplateCheck:
    """What checking one template gives: the compiled template, its sample sets, one rendering
    per sample set that rendered, and the findings at template positions."""

    template: jinja2.Template | None
    samples: tuple[Mapping[str, str], ...]
    renderings: tuple[Rendering, ...]
    findings: tuple[Finding, ...]


def check_template(
    name: str,
    data: bytes,
    sources: TemplateSources,
    check: DocumentChecker,
    values: Mapping[str, str] | None = None,
) -> TemplateCheck:
    """Compile ``name`` (whose file holds ``data``), render it with each sample set (or with
    ``values`` alone, when given), and check each rendering with ``check``; every finding at a
    template position, sorted, no duplicates."""
    try:
        source = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        problem = NotUtf8.at(line, 1, "the template is not UTF-8", "save the file as UTF-8")
        return TemplateCheck(None, (), (), (problem,))
    try:
        samples = template_samples(source) if values is None else [dict(values)]
        template = sources.having(name, source).compile(name)
    except TemplateError as exc:
        message = exc.message.removeprefix(f"{name}: ")
        return TemplateCheck(
            None, (), (), (TemplateFailure.at(exc.line or 1, 1, message, "fix the template"),)
        )
    found: dict[tuple[int, int, str, str], tuple[Finding, list[int]]] = {}
    renderings: list[Rendering] = []
    several = len(samples) > 1
    for number, sample in enumerate(samples, start=1):
        try:
            output = render(template, sample)
        except TemplateError as exc:
            label = (
                "the given values"
                if values is not None
                else f"sample set {number}"
                if several
                else "its sample values"
            )
            failure = _render_failure(exc, name, label)
            found.setdefault((failure.line, 1, failure.code, failure.message), (failure, []))
            continue
        rendering = Rendering(number, sample, output, LineMap(source, output.decode("utf-8")))
        renderings.append(rendering)
        for finding in check(output):
            line, column, exact = rendering.template_position(finding.line, finding.column)
            message = (
                finding.message if exact else f"{finding.message} (output line {finding.line})"
            )
            key = (line, column, finding.code, message)
            if key not in found:
                mapped = Finding(
                    line,
                    column,
                    finding.code,
                    finding.severity,
                    message,
                    finding.element,
                    finding.hint,
                )
                found[key] = (mapped, [])
            found[key][1].append(number)
    findings = tuple(sorted(with_sample_sets(f, sets, len(samples)) for f, sets in found.values()))
    return TemplateCheck(template, tuple(dict(s) for s in samples), tuple(renderings), findings)


def with_sample_sets(finding: Finding, sets: list[int], total: int) -> Finding:
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
