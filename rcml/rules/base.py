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
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar, Literal

from rcml.validate.findings import Finding, Severity

if TYPE_CHECKING:
    from lxml import etree

    from rcml.validate.document import Document

Stage = Literal["parse", "schema", "tree", "lint"]
_SECTION = re.compile(r"^(What it does|Why it matters|Example|Use instead)$", re.MULTILINE)


class Rule:
    """Base class of all rules; subclasses set the class attributes and override :meth:`check`."""

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    stage: ClassVar[Stage] = "tree"

    def check(self, doc: Document) -> Iterator[Finding]:
        """Yield this rule's findings for ``doc``. Parse-stage rules are reported by the parser."""
        return iter(())

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
    def at(
        cls,
        line: int,
        column: int,
        message: str,
        hint: str | None = None,
        *,
        element: str = "",
        severity: Severity | None = None,
    ) -> Finding:
        """A finding of this rule at an explicit position."""
        return Finding(
            line=max(1, line),
            column=max(1, column),
            code=cls.code,
            severity=severity or cls.severity,
            message=message,
            element=element,
            hint=hint,
        )

    def report(
        self,
        doc: Document,
        element: etree._Element,
        message: str,
        hint: str | None = None,
        *,
        attribute: str | None = None,
        severity: Severity | None = None,
    ) -> Finding:
        """A finding of this rule at ``element`` (or at one of its attributes)."""
        line, column = doc.position(element, attribute)
        return self.at(line, column, message, hint, element=doc.path(element), severity=severity)
