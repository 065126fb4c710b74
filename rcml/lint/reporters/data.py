"""``--format json``: one JSON array of finding objects, for programs.

Keys: path, line, column, code, severity, message, element, hint. A file that cannot be read is
one object with code ``IO``, severity ``error`` and line and column 0.
"""

from __future__ import annotations

import json

from rcml.lint.reporters.base import Reporter, register
from rcml.lint.result import FileResult, Summary


@register
class JsonReporter(Reporter):
    name = "json"
    description = "one JSON array of objects: path, line, column, code, severity, message, ..."

    def start(self) -> None:
        self._items: list[dict[str, object]] = []

    def file(self, result: FileResult) -> None:
        if result.read_error is not None:
            self._items.append(
                {
                    "path": result.display,
                    "line": 0,
                    "column": 0,
                    "code": "IO",
                    "severity": "error",
                    "message": f"cannot read: {result.read_error}",
                    "element": "",
                    "hint": None,
                }
            )
            return
        for finding in result.findings:
            item: dict[str, object] = {"path": result.display}
            item.update(finding.to_dict())
            self._items.append(item)

    def finish(self, summary: Summary) -> None:
        self.stream.write(json.dumps(self._items, indent=2, ensure_ascii=False) + "\n")
