"""``--format junit``: JUnit XML, one test case per file, for CI test-report widgets.

A file with a finding at or above ``--fail-on`` is a failure (its findings, one line each, are the
failure's text); a file that cannot be read is an error; the other findings of a passing file go
to its ``system-out``.
"""

from __future__ import annotations

from xml.etree import ElementTree as ET

from rcml.core.report import finding_line
from rcml.lint.reporters.base import Reporter, register
from rcml.lint.result import FileResult, Summary


@register
class JunitReporter(Reporter):
    name = "junit"
    description = "JUnit XML: one test case per file, failures for findings at --fail-on"

    def start(self) -> None:
        self._cases: list[ET.Element] = []
        self._failures = 0
        self._errors = 0

    def file(self, result: FileResult) -> None:
        case = ET.Element("testcase", {"classname": "rcml.lint", "name": result.display})
        if result.read_error is not None:
            self._errors += 1
            ET.SubElement(
                case, "error", {"type": "IO", "message": f"cannot read: {result.read_error}"}
            )
        else:
            failing = result.failing(self.info.fail_on)
            lines = "\n".join(finding_line(result.display, f) for f in result.findings)
            if failing:
                self._failures += 1
                first = failing[0]
                failure = ET.SubElement(
                    case,
                    "failure",
                    {
                        "type": first.code,
                        "message": f"{len(failing)} finding(s) at or above "
                        f"{self.info.fail_on.value}; first: {first.code} {first.message}",
                    },
                )
                failure.text = lines
            elif lines:
                ET.SubElement(case, "system-out").text = lines
        self._cases.append(case)

    def finish(self, summary: Summary) -> None:
        counts = {
            "tests": str(len(self._cases)),
            "failures": str(self._failures),
            "errors": str(self._errors),
            "skipped": "0",
        }
        suites = ET.Element("testsuites", {"name": "rcml", **counts})
        suite = ET.SubElement(suites, "testsuite", {"name": "rcml lint", **counts})
        suite.extend(self._cases)
        ET.indent(suites)
        text = ET.tostring(suites, encoding="unicode")
        self.stream.write('<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n")
