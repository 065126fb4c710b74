"""The shape every rule has: a code, a name, a default severity, a docstring that documents it.

A rule's docstring is its documentation page (``rcml rule CODE``, ``docs/rules.md``). It has four
sections, in this order: What it does, Why it matters, Example, Use instead.

Rules run at one of four stages:

* ``parse``: reported by the hardened parser (the document is not usable XML);
* ``schema``: what the XSD says, in plain words; these run only when the XSD rejects the document,
  so valid documents pay nothing for them;
* ``tree``: what the XSD cannot say; these run on every parsed document;
* ``lint``: reported by ``rcml lint`` around the validator (templates, suppression comments);
  ``rcml.validate()`` never reports them.

A rule that knows how to resolve some of its findings says so in :attr:`Rule.fix` and attaches a
:class:`~rcml.core.findings.Fix` to them (built with :mod:`rcml.rules._fixes`); ``rcml lint
--fix`` applies them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar, Literal

from rcml.core.findings import Finding, Fix, Severity
from rcml.core.options import Context

if TYPE_CHECKING:
    from lxml import etree

    from rcml.core.document import Document
    from rcml.schema import Schema

Stage = Literal["parse", "schema", "tree", "lint"]
Clearance = Literal["strict-schema", "url-walk", "url-walk-and-strict-schema"]
"""How the engine's prefilter (:mod:`rcml.engine.prefilter`) proves that a schema or tree rule
cannot fire, so that clean documents skip it:

* ``strict-schema``: the stricter schema, derived from ``rcml.xsd``, rejects every document the
  rule would report;
* ``url-walk``: the walk over URLs rejects every such document (the strict schema does not look
  at URLs);
* ``url-walk-and-strict-schema``: only both together prove it.
"""

FixSafety = Literal["safe", "unsafe"]
_SECTION = re.compile(r"^(What it does|Why it matters|Example|Use instead)$", re.MULTILINE)


class Rule:
    """Base class of all rules.

    A tree rule looks at single elements, at the whole document, or both:

    * element-driven: :meth:`tags` names the elements it inspects and :meth:`check_element`
      inspects one. The engine visits every element once and hands it to the rules that asked for
      its tag, so a document is walked once whatever the number of rules;
    * document-driven: :meth:`check_document` sees the whole document once.

    A rule that can report only in some kinds of document says so in :attr:`contexts`; the
    engine then skips it in the others, and calls only the methods a rule overrides.

    Both return None when there is nothing to report (the common, fast case) or a list of
    findings. :meth:`check` runs a rule alone, for tests and tools.
    """

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    stage: ClassVar[Stage] = "tree"
    cleared_by: ClassVar[Clearance | None] = None
    """Schema and tree rules must say how the prefilter clears them (a test holds them to it)."""

    contexts: ClassVar[frozenset[Context] | None] = None
    """The kinds of document the rule can report in (None: every kind); elsewhere the engine
    does not run it, and :meth:`check` finds nothing."""

    fix: ClassVar[FixSafety | None] = None
    """Whether some findings of this rule carry a fix: "safe" when some of those fixes are safe,
    "unsafe" when all of them are, None when the rule has no fix."""
    fix_note: ClassVar[str] = ""
    """What the fix does, for the rule's documentation (one sentence)."""

    def tags(self, schema: Schema) -> frozenset[str]:
        """The element names :meth:`check_element` wants to see (none by default)."""
        return frozenset()

    def check_element(self, doc: Document, element: etree._Element) -> list[Finding] | None:
        """Findings for one element whose tag is in :meth:`tags`, or None."""
        return None

    def check_document(self, doc: Document) -> list[Finding] | None:
        """Findings that need the whole document, or None."""
        return None

    def check(self, doc: Document) -> Iterator[Finding]:
        """Every finding of this rule for ``doc`` (parse-stage rules are reported by the parser)."""
        if self.contexts is not None and doc.context not in self.contexts:
            return
        wanted = self.tags(doc.schema)
        if wanted:
            for element in doc.elements:
                if element.tag in wanted:
                    found = self.check_element(doc, element)
                    if found:
                        yield from found
        found = self.check_document(doc)
        if found:
            yield from found

    @classmethod
    def summary(cls) -> str:
        """The first line of the docstring: one sentence saying what goes wrong."""
        return (cls.__doc__ or "").strip().splitlines()[0].strip()

    @classmethod
    def documentation(cls) -> str:
        """The whole docstring, dedented."""
        import inspect

        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def sections(cls) -> list[str]:
        """The section headings present in the docstring, in order."""
        return _SECTION.findall(cls.documentation())

    @classmethod
    def fix_line(cls) -> str:
        """``Fix: safe``, ``Fix: unsafe`` or ``Fix: none``, with what the fix does."""
        if cls.fix is None:
            return "Fix: none."
        return f"Fix: {cls.fix}. {cls.fix_note}".rstrip()

    @classmethod
    def at(
        cls,
        line: int,
        column: int,
        message: str,
        hint: str | None = None,
        *,
        element: str = "",
        severity: Severity | None = None,
        fix: Fix | None = None,
    ) -> Finding:
        """A finding of this rule at an explicit position."""
        line, column, severity = max(1, line), max(1, column), severity or cls.severity
        # Fields by position, which costs less than by keyword: findings are many.
        return Finding(line, column, cls.code, severity, message, element, hint, fix)

    def report(
        self,
        doc: Document,
        element: etree._Element,
        message: str,
        hint: str | None = None,
        *,
        attribute: str | None = None,
        severity: Severity | None = None,
        fix: Fix | None = None,
    ) -> Finding:
        """A finding of this rule at ``element`` (or at one of its attributes)."""
        line, column = doc.position(element, attribute)
        return self.at(
            line, column, message, hint, element=doc.path(element), severity=severity, fix=fix
        )
