"""XML comments in the object model."""

from __future__ import annotations

from rcml.builder._convert import check_chars
from rcml.builder._errors import BuildError


class Comment:
    """An XML comment inside an element. Restcomm ignores comments; rcml keeps them so a parsed
    document is written back as it was."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        if not isinstance(text, str):
            raise BuildError(f"a comment takes str, not {type(text).__name__}", element="#comment")
        check_chars(text, "#comment", None)
        if "--" in text or text.endswith("-"):
            raise BuildError(
                "a comment may not hold '--' nor end with '-'", element="#comment", attribute=None
            )
        self.text = text

    @classmethod
    def parsed(cls, text: str) -> Comment:
        """A comment read by the XML parser (already valid XML: no checks to repeat)."""
        comment = cls.__new__(cls)
        comment.text = text
        return comment

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Comment) and other.text == self.text

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Comment({self.text!r})"
