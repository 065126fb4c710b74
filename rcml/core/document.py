"""A parsed document as the rules see it: the tree, its context, and where each element stands."""

from __future__ import annotations

from typing import Any

from lxml import etree

from rcml.core.options import Context
from rcml.core.positions import PositionIndex
from rcml.schema import Schema


class Document:
    """One parsed RCML document, read by every rule of one validation run."""

    def __init__(
        self,
        root: etree._Element,
        data: bytes,
        context: Context,
        schema: Schema,
        amp_fixes: dict[int, list[int]] | None = None,
    ) -> None:
        self.root = root
        self.context: Context = context
        self.schema = schema
        self._data = data
        self._amp_fixes = amp_fixes or {}
        # Results that several rules share (URL checks, schema classifications), by name.
        self.shared: dict[str, Any] = {}
        self._ranks: dict[etree._Element, dict[etree._Element, int]] = {}  # by parent
        self._paths: dict[etree._Element, str] = {}
        # Computed when first needed (plain attributes: cached_property takes a lock each time).
        self._elements: list[etree._Element] | None = None
        self._by_tag: dict[str, list[etree._Element]] | None = None
        self._top_verbs: list[etree._Element] | None = None
        self._index: dict[etree._Element, int] | None = None
        self._positions: PositionIndex | None = None

    @property
    def elements(self) -> list[etree._Element]:
        """Every element, in document order (comments and processing instructions left out)."""
        if self._elements is None:
            self._elements = list(self.root.iter(etree.Element))
        return self._elements

    @property
    def by_tag(self) -> dict[str, list[etree._Element]]:
        """Elements grouped by tag, each group in document order."""
        if self._by_tag is None:
            groups: dict[str, list[etree._Element]] = {}
            for element in self.elements:
                tag = element.tag
                if tag in groups:
                    groups[tag].append(element)
                else:
                    groups[tag] = [element]
            self._by_tag = groups
        return self._by_tag

    @property
    def top_verbs(self) -> list[etree._Element]:
        """The verbs directly under the root, in document order."""
        if self._top_verbs is None:
            verbs = self.schema.verb_set
            self._top_verbs = [child for child in self.root if child.tag in verbs]
        return self._top_verbs

    def of(self, tag: str) -> list[etree._Element]:
        """The elements with this tag, in document order."""
        return self.by_tag.get(tag, [])

    @property
    def positions(self) -> PositionIndex:
        """Where elements and attributes stand in the text (computed when first needed)."""
        if self._positions is None:
            self._positions = PositionIndex(self._data, self._amp_fixes)
        return self._positions

    def index(self, element: etree._Element) -> int | None:
        """The element's place in :attr:`elements` (None for a node that is not one of them)."""
        if self._index is None:
            self._index = {element: i for i, element in enumerate(self.elements)}
        return self._index.get(element)

    def position(self, element: etree._Element, attribute: str | None = None) -> tuple[int, int]:
        """1-based (line, column) of an element's start tag, or of one of its attributes."""
        index = self.index(element)
        found = None
        if index is not None:
            if attribute is not None:
                found = self.positions.attribute(index, attribute)
            if found is None:
                found = self.positions.element(index)
        return found or (_line_of(element), 1)

    def rank(self, element: etree._Element) -> int:
        """1-based position of ``element`` among its parent's children of the same tag."""
        parent = element.getparent()
        if parent is None:
            return 1
        ranks = self._ranks.get(parent)
        if ranks is None:  # rank all the parent's children at once: linear in wide documents
            ranks = self._ranks[parent] = _child_ranks(parent)
        found = ranks.get(element)
        if found is not None:
            return found
        return 1 + sum(1 for _ in element.itersiblings(element.tag, preceding=True))

    def path(self, element: etree._Element) -> str:
        """An XPath to the element: ``/Response/Gather[1]/Say[2]`` (computed once for each
        element: its findings and the XSD's messages about it ask again)."""
        found = self._paths.get(element)
        if found is None:
            found = self._paths[element] = self._path(element)
        return found

    def _path(self, element: etree._Element) -> str:
        steps: list[str] = []
        node: etree._Element | None = element
        while node is not None:
            parent = node.getparent()
            tag = node.tag
            name = tag.rpartition("}")[2] if isinstance(tag, str) else etree.QName(node).localname
            if parent is None:
                steps.append(name)
            else:
                steps.append(f"{name}[{self.rank(node)}]")
            node = parent
        return "/" + "/".join(reversed(steps))


# Restcomm trims text and attribute values with Java's String.trim(): it removes the characters
# up to U+0020 (of which XML allows only these four), not Unicode spaces such as U+00A0.
JAVA_BLANKS = " \t\r\n"


def _child_ranks(parent: etree._Element) -> dict[etree._Element, int]:
    """Each child element's rank among its siblings of the same tag."""
    ranks: dict[etree._Element, int] = {}
    seen: dict[str, int] = {}
    for child in parent:
        tag = child.tag
        if isinstance(tag, str):
            ranks[child] = seen[tag] = seen.get(tag, 0) + 1
    return ranks


def _line_of(element: etree._Element) -> int:
    line = element.sourceline
    return line if isinstance(line, int) else 1


def text_of(element: etree._Element) -> str:
    """The text Restcomm reads from an element: the last non-blank text run, trimmed."""
    if len(element) == 0:
        text = element.text
        return text.strip(JAVA_BLANKS) if text else ""
    runs = text_runs(element)
    return runs[-1] if runs else ""


def text_runs(element: etree._Element) -> list[str]:
    """The element's own non-blank text runs (its text and its children's tails), trimmed."""
    runs = []
    text = element.text.strip(JAVA_BLANKS) if element.text else ""
    if text:
        runs.append(text)
    for child in element:
        tail = child.tail.strip(JAVA_BLANKS) if child.tail else ""
        if tail:
            runs.append(tail)
    return runs
