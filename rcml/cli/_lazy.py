"""A click group whose heavier subcommands are imported only when they run (or for --help).

Every `rcml` run imports the root group; if that imported every command's module, `rcml lint
one.xml` would also pay for the HTTP client behind `rcml call` (about 80 ms). Commands registered
with :meth:`LazyGroup.add_lazy` are named here and imported on first use; the help lists them all.
"""

from __future__ import annotations

import importlib

import click


class LazyGroup(click.Group):
    """A :class:`click.Group` that also knows commands by ``"module:attribute"``."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.lazy: dict[str, str] = {}

    def add_lazy(self, name: str, target: str) -> None:
        """Register the command ``name``, found at ``target`` (``"rcml.cli.call:call_group"``)."""
        self.lazy[name] = target

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy:
            module, _, attribute = self.lazy[cmd_name].partition(":")
            command = getattr(importlib.import_module(module), attribute)
            if not isinstance(command, click.Command):
                raise TypeError(f"{self.lazy[cmd_name]} is not a click command")
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)
