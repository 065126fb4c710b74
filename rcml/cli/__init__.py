"""The `rcml` command. Thin: it parses options, calls the library and sets exit codes.

Exit codes: 0 success, 1 the checked documents have errors, 2 usage errors or unreadable input.
Each subcommand lives in its own module and is registered here.
"""

from __future__ import annotations

import click

from rcml.cli._lazy import LazyGroup
from rcml.cli.ending import Ending
from rcml.cli.lint import lint_command
from rcml.cli.rules import rule_command, rules_command
from rcml.core.version import VERSION as __version__


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="rcml")
def cli() -> None:
    """Generate, lint and serve RCML, the Restcomm Markup Language.

    \b
    Examples:
      rcml lint app/                 check every *.xml under app/
      rcml lint --context ussd menu.xml
      rcml rules                     list every rule
      rcml rule RCML301              explain one rule
      rcml serve site/               check and serve a site of documents and templates
      rcml build site/ -o dist/      export it as static files, with an nginx snippet
      rcml simulate site/menu.xml.j2 --input 1 --dial busy
                                     run a call through it offline, as Restcomm would
      rcml restcomm-local            a local Restcomm: the Calls API, calls run offline
    """


cli.add_command(lint_command)
cli.add_command(rules_command)
cli.add_command(rule_command)
# commands with heavy imports (a web server, an HTTP client): imported when they run, see _lazy.py
cli.add_lazy("serve", "rcml.cli.serve:serve_command")
cli.add_lazy("build", "rcml.cli.build:build_command")
cli.add_lazy("call", "rcml.cli.call:call_group")
cli.add_lazy("conference", "rcml.cli.call:conference_group")
cli.add_lazy("simulate", "rcml.cli.simulate:simulate_command")
cli.add_lazy("restcomm-local", "rcml.cli.restcomm_local:restcomm_local_group")


def main() -> None:
    """Console-script entry point. Ends as :mod:`rcml.cli.ending` says: without the
    interpreter's teardown after a command that allows it."""
    ending = Ending()
    try:
        cli(prog_name="rcml", obj=ending)
    except SystemExit as leaving:
        ending.leave(leaving)
