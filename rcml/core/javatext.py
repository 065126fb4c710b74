"""What Restcomm's Java code does to a document's text before anything reads it, in one place
for the parser, the download model and the simulator."""

import re

JAVA_TRIM = "".join(chr(c) for c in range(0x21))
"""What Java's String.trim() removes at both ends: every character up to U+0020."""
AMP_FIX = re.compile(r"&([^;]+(?!(?:\w|;)))", re.ASCII)
"""Restcomm's fix-up of a bare '&', applied to the trimmed body before parsing (Parser.java:94,
Downloader.java:164): the greedy run stops only at the next ';', so one '&' per run is escaped.
Java's \\w is ASCII-only, hence re.ASCII."""
