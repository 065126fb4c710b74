"""The version of rcml, in one place below every layer that reports it."""

VERSION = "0.1.0"
