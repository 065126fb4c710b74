"""The characters XML 1.0 forbids in a document, in one place for the builder and the templates."""

import re

FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""C0 controls other than tab, line feed and carriage return; lone surrogates; U+FFFE, U+FFFF."""
