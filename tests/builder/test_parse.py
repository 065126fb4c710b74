"""Reading RCML back: the same model, positions kept, every real document written back as it was."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from lxml import etree

import rcml
from rcml.builder import Comment, Dial, Say

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "restcomm"


def _corpus(expect: str) -> list[str]:
    manifest = CORPUS / "MANIFEST.tsv"
    if not manifest.exists():
        return []
    with manifest.open(encoding="utf-8") as handle:
        return [
            row["file"] for row in csv.DictReader(handle, delimiter="\t") if row["expect"] == expect
        ]


NO_ERROR = _corpus("no-error")
needs_corpus = pytest.mark.skipif(
    not NO_ERROR, reason=f"the shared corpus is not at {CORPUS} (CI lays shared/ beside the repo)"
)


def c14n(data: bytes) -> bytes:
    """Canonical XML of the whole document, comments included (before and after the root too)."""
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    return etree.tostring(root.getroottree(), method="c14n", with_comments=True)


@needs_corpus
def test_the_corpus_is_there() -> None:
    assert len(NO_ERROR) >= 250


@needs_corpus
@pytest.mark.parametrize("name", NO_ERROR)
def test_every_no_error_corpus_document_round_trips(name: str) -> None:
    data = (CORPUS / name).read_bytes()
    document = rcml.parse(data)
    assert c14n(document.to_xml()) == c14n(data)
    assert rcml.parse(document.to_xml()) == document


def test_unknown_attributes_comments_and_elements_are_kept() -> None:
    data = (
        b'<?xml version="1.0"?>\n<!-- before -->\n<Response>\n'
        b'  <Dial hangupOnStar="true" timeout="10"><!-- who --><Client>alice</Client></Dial>\n'
        b"  <Foo bar='1'>text</Foo>\n</Response>\n"
    )
    document = rcml.parse(data)
    dial = document.children[0]
    assert isinstance(dial, Dial)
    assert dial.attributes == {"hangupOnStar": "true", "timeout": "10"}
    assert dial.extra == {"hangupOnStar": "true"}
    assert dial.content[0] == Comment(" who ")
    foo = document.children[1]
    assert (foo.tag, foo.attributes, foo.text) == ("Foo", {"bar": "1"}, "text")
    assert document.comments_before == [Comment(" before ")]
    assert c14n(document.to_xml()) == c14n(data)
    assert [f.code for f in document.validate()] == ["RCML203", "RCML101"]


def test_comments_around_the_root_are_written_and_compared() -> None:
    r = rcml.Response()
    r.hangup()
    r.comments_before.append(Comment(" made by rcml "))
    r.comments_after.append(Comment("end"))
    assert r.to_xml(encoding="unicode", xml_declaration=True) == (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!-- made by rcml -->\n'
        "<Response><Hangup/></Response>\n<!--end-->"
    )
    assert r.to_xml(encoding="unicode", pretty=True) == (
        "<!-- made by rcml -->\n<Response>\n  <Hangup/>\n</Response>\n<!--end-->\n"
    )
    parsed = rcml.parse(r.to_xml())
    assert parsed == r
    parsed.comments_after.clear()
    assert parsed != r


def test_positions_are_kept() -> None:
    document = rcml.parse(
        b"<Response>\n  <Say>a</Say>\n    <Dial>\n<Number>1</Number></Dial></Response>"
    )
    say, dial = document.children
    assert (document.line, document.column) == (1, 1)
    assert (say.line, say.column) == (2, 3)
    assert (dial.line, dial.column) == (3, 5)
    assert (dial.children[0].line, dial.children[0].column) == (4, 1)
    assert Say("a").line is None and Say("a").column is None
    assert say == Say("a")  # positions are not part of equality


def test_positions_after_a_bare_ampersand_are_in_the_original_text() -> None:
    document = rcml.parse(b"<Response><Say>a & b</Say><Play>/x</Play></Response>")
    assert document.children[0].text == "a & b"
    assert document.children[1].column == 27


def test_parse_of_built_output_is_typed_and_equal() -> None:
    r = rcml.Response()
    with r.dial(timeout=30, record=True) as d:
        d.conference("room", name="room", beep=False).video(enable=True)
    parsed = rcml.parse(r.to_xml())
    assert parsed == r
    assert type(parsed.children[0]) is Dial
    parsed.children[0].set("time_limit", 5)  # the parsed model is the builder's model
    assert parsed.children[0].get("timeLimit") == "5"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"<Response><Say>", "RCML001"),
        (b'<!DOCTYPE r [<!ENTITY x "y">]><Response/>', "RCML002"),
        (b"\xff\xfe<\x00R\x00/\x00>\x00", "RCML003"),
        (b"  ", "RCML006"),
        (b"<Reply><Say>hi</Say></Reply>", "RCML107"),
    ],
)
def test_documents_that_cannot_be_read_raise_with_findings(data: bytes, code: str) -> None:
    with pytest.raises(rcml.InvalidDocumentError) as caught:
        rcml.parse(data)
    assert code in [f.code for f in caught.value.findings]


@pytest.mark.parametrize(
    "data",
    [
        b'<Response>\n <Say xmlns:x="urn:x" x:voice="man" xml:lang="en">a</Say></Response>',
        b'<Response xmlns:x="urn:x"><x:Say x:loop="2"><x:B xmlns:y="urn:y"/></x:Say></Response>',
        b'<Response xmlns="urn:d"><Say xmlns="">a</Say><Play>/a</Play></Response>',
    ],
)
def test_namespaced_names_are_kept_as_written(data: bytes) -> None:
    document = rcml.parse(data)
    assert c14n(document.to_xml()) == c14n(data)
    assert rcml.parse(document.to_xml()) == document


def test_namespaced_names_as_written() -> None:
    document = rcml.parse(b'<Response xmlns:x="urn:x"><x:Say x:loop="2">a</x:Say></Response>')
    assert document.attributes == {"xmlns:x": "urn:x"}
    say = document.children[0]
    assert (say.tag, say.attributes) == ("x:Say", {"x:loop": "2"})


def test_limits_apply() -> None:
    with pytest.raises(rcml.InvalidDocumentError) as caught:
        rcml.parse(
            b"<Response>" + b"<Say>x</Say>" * 10 + b"</Response>", limits=rcml.Limits(max_bytes=50)
        )
    assert caught.value.findings[0].code == "RCML004"


def test_models_copy_and_pickle() -> None:
    import copy
    import pickle

    document = rcml.parse(b'<Response><Foo a="1">t<Bar/></Foo><Dial><!--c-->1</Dial></Response>')
    for clone in (copy.deepcopy(document), pickle.loads(pickle.dumps(document))):
        assert clone == document
        assert clone.children[0] is not document.children[0]
