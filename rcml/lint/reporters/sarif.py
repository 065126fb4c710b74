"""``--format sarif``: a SARIF 2.1.0 log, as GitHub code scanning and other tools read it.

One run; the driver lists every rule (id, name, descriptions, its documentation as help, default
level) so that each result can point at its rule by ``ruleIndex``. Locations are relative URIs when
the paths are relative (run rcml from the repository root, as code scanning expects), columns
count Unicode code points, and the element's path is a logical location. A file that cannot be
read is a tool execution notification, and makes the invocation unsuccessful.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from rcml.core.findings import Finding
from rcml.lint.reporters.base import Reporter, register
from rcml.lint.result import STDIN, FileResult, Summary

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def artifact_uri(path: str) -> str:
    """A URI reference for ``path``: relative paths stay relative, in POSIX form."""
    if path == STDIN:
        return "stdin"
    if os.path.isabs(path):
        return Path(path).as_uri()
    return quote(Path(path).as_posix())


def _rules() -> list[dict[str, Any]]:
    from rcml.rules import ALL_RULES

    return [
        {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": rule.summary()},
            "fullDescription": {"text": rule.summary()},
            "help": {"text": rule.documentation()},
            "defaultConfiguration": {"level": _LEVELS[rule.severity.value]},
            "properties": {"tags": [rule.stage]},
        }
        for rule in ALL_RULES
    ]


@register
class SarifReporter(Reporter):
    name = "sarif"
    description = "SARIF 2.1.0, for GitHub code scanning (github/codeql-action/upload-sarif)"

    def start(self) -> None:
        self._rules = _rules()
        self._index = {rule["id"]: i for i, rule in enumerate(self._rules)}
        self._results: list[dict[str, Any]] = []
        self._notifications: list[dict[str, Any]] = []

    def file(self, result: FileResult) -> None:
        uri = artifact_uri(result.path)
        if result.read_error is not None:
            self._notifications.append(
                {
                    "level": "error",
                    "message": {"text": f"{result.display}: cannot read: {result.read_error}"},
                    "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}}}],
                }
            )
            return
        self._results.extend(self._result(uri, f) for f in result.findings)

    def _result(self, uri: str, finding: Finding) -> dict[str, Any]:
        text = finding.message + (f" ({finding.hint})" if finding.hint else "")
        location: dict[str, Any] = {
            "physicalLocation": {
                "artifactLocation": {"uri": uri},
                "region": {"startLine": finding.line, "startColumn": finding.column},
            }
        }
        if finding.element:
            location["logicalLocations"] = [
                {"fullyQualifiedName": finding.element, "kind": "element"}
            ]
        item: dict[str, Any] = {
            "ruleId": finding.code,
            "level": _LEVELS[finding.severity.value],
            "message": {"text": text},
            "locations": [location],
        }
        if finding.code in self._index:
            item["ruleIndex"] = self._index[finding.code]
        return item

    def finish(self, summary: Summary) -> None:
        log = {
            "$schema": SCHEMA_URI,
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {
                        "driver": {
                            "name": "rcml",
                            "version": self.info.version,
                            "rules": self._rules,
                        }
                    },
                    "invocations": [
                        {
                            "executionSuccessful": summary.unreadable == 0,
                            "toolExecutionNotifications": self._notifications,
                        }
                    ],
                    "columnKind": "unicodeCodePoints",
                    "results": self._results,
                }
            ],
        }
        self.stream.write(json.dumps(log, indent=2, ensure_ascii=False) + "\n")
