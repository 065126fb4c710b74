"""Read ``rcml.xsd`` into tables with lxml.

The schema is written in a deliberately plain style (named simple types, one named complex type per
element, choices and sequences of local elements, attribute groups), so a small reader is enough and
costs a few milliseconds at start-up. ``tests/schema`` checks these tables against xmlschema's own
reading of the same file.
"""

from __future__ import annotations

import functools
from pathlib import Path

from lxml import etree

from rcml.resources import schema_file
from rcml.schema.model import AttributeSpec, ElementSpec, Schema, SimpleType

XS = "http://www.w3.org/2001/XMLSchema"
NOTES = "urn:rcml:schema-notes"
_NS = {"xs": XS}
_BUILTINS = {"xs:string": "string", "xs:token": "token", "xs:int": "int"}


def _doc(node: etree._Element) -> str:
    text = node.findtext("xs:annotation/xs:documentation", namespaces=_NS) or ""
    return " ".join(text.split())


def _note(node: etree._Element, name: str) -> str | None:
    return node.get(f"{{{NOTES}}}{name}")


def _read_simple_types(root: etree._Element) -> dict[str, SimpleType]:
    types = {name: SimpleType(name, base) for name, base in _BUILTINS.items()}
    for node in root.iterfind("xs:simpleType", _NS):
        restriction = node.find("xs:restriction", _NS)
        assert restriction is not None, "simple types are restrictions"
        base_name = restriction.get("base", "xs:string")
        base = types[base_name].base
        enum = tuple(str(e.get("value")) for e in restriction.iterfind("xs:enumeration", _NS))
        patterns = tuple(str(p.get("value")) for p in restriction.iterfind("xs:pattern", _NS))
        name = str(node.get("name"))
        words = tuple((_note(node, "values") or "").split())
        types[name] = SimpleType(name, base, enum, patterns, _doc(node), words)
    return types


class _Reader:
    def __init__(self, root: etree._Element) -> None:
        self.root = root
        self.types = _read_simple_types(root)
        self.complex = {str(n.get("name")): n for n in root.iterfind("xs:complexType", _NS)}
        self.groups = {str(n.get("name")): n for n in root.iterfind("xs:group", _NS)}
        self.attr_groups = {str(n.get("name")): n for n in root.iterfind("xs:attributeGroup", _NS)}
        self.elements: dict[str, ElementSpec] = {}
        self.verbs = {
            str(e.get("name")) for e in self.groups["Verbs"].iterfind(".//xs:element", _NS)
        }

    def particles(self, node: etree._Element) -> list[tuple[etree._Element, bool]]:
        """Local element declarations under a content model, with 'may repeat' flags."""
        found: list[tuple[etree._Element, bool]] = []

        def walk(n: etree._Element, repeats: bool) -> None:
            repeats = repeats or n.get("maxOccurs", "1") != "1"
            tag = etree.QName(n).localname
            if tag == "element":
                found.append((n, repeats))
            elif tag == "group" and n.get("ref"):
                group = self.groups[str(n.get("ref"))]
                for child in group:
                    if isinstance(child.tag, str):
                        walk(child, repeats)
            elif tag in ("choice", "sequence", "group"):
                for child in n:
                    if isinstance(child.tag, str):
                        walk(child, repeats)

        for child in node:
            if isinstance(child.tag, str) and etree.QName(child).localname in (
                "choice",
                "sequence",
                "group",
            ):
                walk(child, False)
        return found

    def attributes(self, holder: etree._Element) -> dict[str, AttributeSpec]:
        specs: dict[str, AttributeSpec] = {}
        for node in holder:
            if not isinstance(node.tag, str):
                continue
            tag = etree.QName(node).localname
            if tag == "attributeGroup" and node.get("ref"):
                specs.update(self.attributes(self.attr_groups[str(node.get("ref"))]))
            elif tag == "attribute":
                name = str(node.get("name"))
                specs[name] = AttributeSpec(
                    name=name,
                    type=self.types[str(node.get("type", "xs:string"))],
                    required=node.get("use") == "required",
                    default=_note(node, "default"),
                    kind=_note(node, "kind"),
                    fails_when_invalid=_note(node, "invalid") == "fails",
                    empty=_note(node, "empty"),
                    doc=_doc(node),
                    invalid=_note(node, "invalid"),
                    resolved=_note(node, "resolve") != "no",
                    plays=_note(node, "plays"),
                )
        return specs

    def element(self, name: str, ctype: etree._Element, doc: str = "") -> None:
        if name in self.elements:
            return
        simple = ctype.find("xs:simpleContent/xs:extension", _NS)
        if simple is not None:
            children: list[tuple[etree._Element, bool]] = []
            attrs = self.attributes(simple)
            text_allowed = True
        else:
            children = self.particles(ctype)
            attrs = self.attributes(ctype)
            text_allowed = ctype.get("mixed") == "true"
        contexts = _note(ctype, "contexts")
        child_names = tuple(dict.fromkeys(str(c.get("name")) for c, _ in children))
        single = frozenset(
            str(c.get("name"))
            for c, repeats in children
            if not repeats and c.get("maxOccurs", "1") == "1"
        )
        self.elements[name] = ElementSpec(
            name=name,
            children=child_names,
            single_children=single,
            attributes=attrs,
            text_allowed=text_allowed,
            text_kind=_note(ctype, "text"),
            contexts=frozenset(contexts.split()) if contexts else frozenset(),
            is_verb=name in self.verbs,
            doc=_doc(ctype) or doc,
            blank=_note(ctype, "blank"),
        )
        for child, _ in children:
            child_type = child.find("xs:complexType", _NS)
            if child_type is None:
                child_type = self.complex[str(child.get("type"))]
            self.element(str(child.get("name")), child_type)


def read_schema(path: Path) -> Schema:
    """Read and compile the XSD at ``path`` (uncached; see :func:`load_schema`)."""
    tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    root = tree.getroot()
    reader = _Reader(root)
    global_elements = root.findall("xs:element", _NS)
    assert len(global_elements) == 1, "RCML has one root element"
    top = global_elements[0]
    top_type = top.find("xs:complexType", _NS)
    assert top_type is not None
    root_name = str(top.get("name"))
    reader.element(root_name, top_type, _doc(top))
    return Schema(
        xsd=etree.XMLSchema(tree),
        root=root_name,
        elements=reader.elements,
        types={k: v for k, v in reader.types.items() if not k.startswith("xs:")},
        path=str(path),
    )


@functools.cache
def load_schema() -> Schema:
    """The bundled RCML schema, read once per process."""
    return read_schema(schema_file())
