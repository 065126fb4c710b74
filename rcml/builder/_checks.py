"""Checks that need a whole element, made when it is finished: at the end of its ``with`` block
and when the document is written out.

A child is judged when it is added, but some verdicts depend on what comes after it: a
``<Gather>`` may hold a ``pause()`` as long as a ``say()`` or ``play()`` follows, a ``<Dial>``
gets its nouns after it is made. Each check refuses what one of the validator's rules reports as
an error for that element (the rule's code is in the message); where the rule has the fact as a
function (``rcml.rules.flow.gather_crash``), the check calls it, so both always agree.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rcml.builder._comment import Comment
from rcml.builder._errors import BuildError
from rcml.builder._names import method_name
from rcml.core.document import JAVA_BLANKS
from rcml.rules.flow import gather_crash
from rcml.schema import load_schema

if TYPE_CHECKING:
    from rcml.builder._element import Element

NOUNS = load_schema().noun_set


def _gather(element: Element) -> None:
    children = element.children
    crash = gather_crash([(c.tag, bool(c.text.strip(JAVA_BLANKS))) for c in children])
    if crash is not None:
        raise BuildError(
            "<Gather> ends with <Pause>: Restcomm's prompt loop fails before gathering starts, "
            "so the caller hears silence; end the Gather with say() or play(), or drop the last "
            "pause() (a longer timeout waits longer) (RCML411)",
            element="Gather",
        )
    for child in children:
        loop = child.attributes.get("loop", "").strip(JAVA_BLANKS)
        if loop.lstrip("+-").isdigit() and int(loop) <= 0:
            raise BuildError(
                f"loop={loop} on a <{child.tag}> inside <Gather>: Restcomm adds that prompt "
                "zero times, so the caller hears nothing of it; give the number of times, or "
                "leave loop out (RCML211)",
                element=child.tag,
                attribute="loop",
            )


def _dial(element: Element) -> None:
    content = element.content
    if len(content) == 1 and _one_destination(content[0]):
        return  # the common case, decided at once: this runs for every Dial written
    text, nouns, conference = False, 0, False
    for item in content:
        if isinstance(item, str):
            text = text or bool(item.strip(JAVA_BLANKS))
        elif not isinstance(item, Comment) and item.tag in NOUNS:
            nouns += 1
            conference = conference or item.tag == "Conference"
    if text != bool(nouns) and not (conference and nouns > 1):
        return
    if not text and not nouns:
        raise BuildError(
            "<Dial> has no destination: Restcomm skips it; give the number as its text, "
            "dial('+15550100'), or add a noun such as number() or client() (RCML501)",
            element="Dial",
        )
    if text:
        shown = element.text.strip(JAVA_BLANKS)
        listing = ", ".join(f"{method_name(c.tag)}()" for c in element.children if c.tag in NOUNS)
        raise BuildError(
            f"<Dial> has the text {shown!r} and nouns ({listing}): Restcomm dials the text and "
            f"drops the nouns; put {shown!r} in its own noun, such as number({shown!r}) "
            "(RCML111)",
            element="Dial",
        )
    raise BuildError(
        "<Dial> holds a conference() beside other nouns: Restcomm joins the conference and "
        "ignores the rest; use one dial() per conference, and another for the calls "
        "(RCML112)",
        element="Dial",
    )


def _one_destination(item: Element | str | Comment) -> bool:
    """Whether a Dial's only item is a destination: text or a noun."""
    if isinstance(item, str):
        return bool(item.strip(JAVA_BLANKS))
    return not isinstance(item, Comment) and item.tag in NOUNS


def _noun(element: Element) -> None:
    content = element.content
    if len(content) == 1 and isinstance(content[0], str) and content[0].strip(JAVA_BLANKS):
        return  # the common case, decided at once: this runs for every noun written
    text = video = False
    for item in content:
        if isinstance(item, str):
            text = text or bool(item.strip(JAVA_BLANKS))
        elif not isinstance(item, Comment) and item.tag == "Video":
            video = True
    if text and not video:
        return
    tag = element.tag
    name = element.attributes.get("name", "").strip(JAVA_BLANKS)
    if video and not name:
        raise BuildError(
            f"<{tag}> holds a video() but has no name: with a <Video> Restcomm reads the "
            f"destination from name, not from the text, and fails; give name= (RCML113)",
            element=tag,
            attribute="name",
        )
    if not text and not video:
        read = " (name is read only with a video())" if name else ""
        raise BuildError(
            f"<{tag}> has no destination{read}: give it as the text, {method_name(tag)}('...') "
            "(RCML501)",
            element=tag,
        )


FINISH_CHECKS: dict[str, Callable[[Element], None]] = {
    "Gather": _gather,
    "Dial": _dial,
    **dict.fromkeys(NOUNS, _noun),
}


# Elements that hold no element and have no check: the walk does not descend into them.
_LEAVES = frozenset(
    tag for tag, spec in load_schema().elements.items() if not spec.children
) - FINISH_CHECKS.keys()


def check_finished(element: Element) -> None:
    """Run the finishing check of ``element`` and of every element inside it. Elements read by
    ``rcml.parse`` (which have a source position) are written back as they were, unjudged."""
    check = FINISH_CHECKS.get(element.tag)
    if check is not None and (element._meta is None or element.line is None):
        check(element)
    for item in element.content:
        if not isinstance(item, (str, Comment)) and item.tag not in _LEAVES:
            check_finished(item)
