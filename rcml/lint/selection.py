"""Which rules a run reports: ``select``, ``extend-select`` and ``ignore``, by code or prefix.

As in ruff, a selector is a full code (``RCML205``) or any prefix of one (``RCML2``, ``RCML``), and
settings come in layers (defaults, then the configuration file, then the command line). In each
layer ``select`` (when given) starts over, ``extend-select`` adds and ``ignore`` removes; when both
sides of one layer match a code, the longer (more specific) selector wins, so
``--select RCML2 --ignore RCML205`` and ``--ignore RCML2 --extend-select RCML205`` both mean what
they say. RCML000 (a bug in rcml itself) is always reported.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from rcml.core.names import did_you_mean

ALWAYS_ON = frozenset({"RCML000"})


class SelectionError(ValueError):
    """A selector matches no rule code."""


def normalize(selectors: Iterable[str], codes: Sequence[str], where: str) -> tuple[str, ...]:
    """Upper-cased selectors, each checked to match at least one code (else SelectionError)."""
    result: list[str] = []
    for raw in selectors:
        selector = raw.strip().upper()
        if selector == "ALL":
            selector = "RCML"
        if not selector or not any(code.startswith(selector) for code in codes):
            guess = did_you_mean(selector, codes)
            hint = f"; did you mean {guess}?" if guess else "; see `rcml rules`"
            raise SelectionError(f"{where}: {raw!r} matches no rule code{hint}")
        result.append(selector)
    return tuple(result)


def _best(code: str, selectors: Iterable[str]) -> int:
    """Length of the longest selector matching ``code`` (0 when none does)."""
    return max((len(s) for s in selectors if code.startswith(s)), default=0)


class Layer(NamedTuple):
    """One layer of settings; ``select`` None means "keep what the layers below chose"."""

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def apply(self, enabled: set[str], codes: Sequence[str]) -> set[str]:
        result = set(enabled) if self.select is None else set()
        chosen = (*(self.select or ()), *self.extend_select)
        for code in codes:
            picked, dropped = _best(code, chosen), _best(code, self.ignore)
            if picked and picked > dropped:
                result.add(code)
            elif dropped and dropped >= picked:
                result.discard(code)
        return result


def resolve(layers: Iterable[Layer], codes: Sequence[str]) -> frozenset[str]:
    """The codes enabled after applying ``layers`` in order, starting from every code."""
    enabled = set(codes)
    for layer in layers:
        enabled = layer.apply(enabled, codes)
    return frozenset(enabled | (ALWAYS_ON & set(codes)))


def matches(code: str, selectors: Iterable[str]) -> bool:
    """True when any selector is ``code`` or a prefix of it."""
    return any(code.startswith(s) for s in selectors)
