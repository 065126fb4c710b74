"""One source of truth: the facade is generated from the schema and matches it exactly."""

from __future__ import annotations

import inspect
import typing

import pytest

import rcml.builder
from rcml.builder import _generate, _generated
from rcml.builder._convert import is_boolean, list_words
from rcml.builder._element import method_name, python_name
from rcml.schema import AttributeSpec, load_schema

SCHEMA = load_schema()


def test_regenerating_changes_nothing() -> None:
    on_disk = _generate.TARGET.read_text(encoding="utf-8")
    assert _generate.generate() == on_disk, "run: python -m rcml.builder._generate"


def test_check_mode_reports_a_stale_file(
    tmp_path: object, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _generate.main(["--check"]) == 0
    stale = _generate.TARGET.with_name("_stale_copy_for_test.py")
    try:
        stale.write_text("# stale\n", encoding="utf-8")
        monkeypatch.setattr(_generate, "TARGET", stale)
        assert _generate.main(["--check"]) == 1
        assert "is stale" in capsys.readouterr().err
    finally:
        stale.unlink()


def test_every_schema_element_has_a_class_and_no_other() -> None:
    assert set(_generated.ELEMENTS) == set(SCHEMA.elements)
    for tag, cls in _generated.ELEMENTS.items():
        assert cls.tag == tag
        assert getattr(rcml.builder, tag) is cls


def _keywords(function: typing.Callable[..., object]) -> dict[str, inspect.Parameter]:
    return {
        name: p
        for name, p in inspect.signature(function).parameters.items()
        if p.kind is inspect.Parameter.KEYWORD_ONLY
    }


@pytest.mark.parametrize("tag", sorted(SCHEMA.elements))
def test_keywords_are_exactly_the_schema_attributes(tag: str) -> None:
    spec = SCHEMA.elements[tag]
    cls = _generated.ELEMENTS[tag]
    expected = {python_name(name): attr for name, attr in spec.attributes.items()}
    keywords = _keywords(cls.__init__)
    assert set(keywords) == set(expected)
    for name, attr in expected.items():
        assert (keywords[name].default is inspect.Parameter.empty) == attr.required, name
    assert ("text" in inspect.signature(cls.__init__).parameters) == spec.text_allowed


@pytest.mark.parametrize("tag", sorted(SCHEMA.elements))
def test_child_methods_are_exactly_the_schema_children(tag: str) -> None:
    spec = SCHEMA.elements[tag]
    cls = _generated.ELEMENTS[tag]
    every_method = {method_name(t) for t in SCHEMA.elements}
    present = {name for name in every_method if inspect.isfunction(vars(cls).get(name))}
    assert present == {method_name(child) for child in spec.children}
    for child in spec.children:
        method = vars(cls)[method_name(child)]
        child_init = _generated.ELEMENTS[child].__init__
        assert _keywords(method).keys() == _keywords(child_init).keys()


@pytest.mark.parametrize("tag", sorted(SCHEMA.elements))
def test_properties_are_exactly_the_schema_attributes(tag: str) -> None:
    cls = _generated.ELEMENTS[tag]
    properties = {name for name, value in vars(cls).items() if isinstance(value, property)}
    assert properties == {python_name(name) for name in SCHEMA.elements[tag].attributes}


def _read_type(attr: AttributeSpec) -> object:
    """What a property returns for a value of the attribute's type (besides str and None)."""
    kind = attr.type
    if is_boolean(kind):
        return bool
    if kind.base == "int":
        return int
    if attr.kind == "events":
        return list[_generated.CallEvent]
    if kind.choices and attr.kind != "hints":
        return getattr(_generated, kind.name)
    return None


@pytest.mark.parametrize("tag", sorted(SCHEMA.elements))
def test_properties_read_the_type_or_the_string_written(tag: str) -> None:
    cls = _generated.ELEMENTS[tag]
    for name, attr in SCHEMA.elements[tag].attributes.items():
        hint = typing.get_type_hints(vars(cls)[python_name(name)].fget)["return"]
        typed = _read_type(attr)
        expected = {str, type(None)} | ({typed} if typed is not None else set())
        assert set(typing.get_args(hint)) == expected, (tag, name, hint)


def test_literal_types_are_the_schema_words() -> None:
    hints = typing.get_type_hints(_generated.Say.__init__)
    assert set(typing.get_args(typing.get_args(hints["voice"])[0])) == {"man", "woman"}
    for spec in SCHEMA.elements.values():
        for attr in spec.attributes.values():
            kind = attr.type
            if kind.choices and not is_boolean(kind):
                alias = getattr(_generated, kind.name)
                assert typing.get_args(alias) == kind.choices
            if attr.kind == "events":
                assert typing.get_args(_generated.CallEvent) == list_words(kind)


def test_a_stale_module_still_imports_and_fails_only_when_used() -> None:
    from rcml.builder import BuildError, Element

    class Pause2(Element, tag="Pause"):  # as if the generated code named things the schema lost
        __slots__ = ()

    convert = Pause2._converter("no_such_keyword")
    text = Pause2._text_converter()
    for call in (lambda: convert(1), lambda: text("x")):
        with pytest.raises(BuildError, match=r"_generated\.py is stale"):
            call()
