"""The RCML language as tables, read from ``schemas/rcml.xsd``.

Everyone downstream (validator rules, builder generator, documentation) asks this module what
elements exist, where they may stand and what their attributes accept. Nothing keeps a second list.
"""

from rcml.schema.model import AttributeSpec, ElementSpec, Schema, SimpleType
from rcml.schema.reader import load_schema

__all__ = ["AttributeSpec", "ElementSpec", "Schema", "SimpleType", "load_schema"]
