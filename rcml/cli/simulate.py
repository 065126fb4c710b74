"""`rcml simulate`: run a call through a model of Restcomm's voice interpreter, offline."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from rcml.sim import (
    ScriptError,
    SimulationError,
    Simulator,
    parse_dial,
    parse_input,
    parse_record,
)
from rcml.sim.script import Script

CONTEXT_CHOICES = ("voice", "screening", "conference-wait")


def _script(
    inputs: tuple[str, ...],
    dials: tuple[str, ...],
    records: tuple[str, ...],
    hangup_at: float | None,
    callee_inputs: tuple[str, ...],
) -> Script:
    try:
        callee = Script(inputs=tuple(parse_input(i) for i in callee_inputs))
        return Script(
            inputs=tuple(parse_input(i) for i in inputs),
            dials=tuple(parse_dial(d) for d in dials),
            records=tuple(parse_record(r) for r in records),
            hangup_at=hangup_at,
            callee=callee if callee_inputs else None,
        )
    except ScriptError as exc:
        raise click.UsageError(str(exc)) from None


@click.command("simulate")
@click.argument("target")
@click.option("--input", "inputs", multiple=True, metavar="INPUT",
              help="The caller's answer to the next <Gather>, in order: 1, 1234#, "
                   "speech:sales, timeout or hangup.")
@click.option("--dial", "dials", multiple=True, metavar="OUTCOME",
              help="What the next <Dial> gets, in order: answered, answered:30 (talks 30 s; "
                   "answered:30@2: the second noun answers), busy, no-answer or failed.")
@click.option("--record", "records", multiple=True, metavar="TAKE",
              help="What the caller says into the next <Record>, in order: SECONDS, "
                   "SECONDS:KEY (the key that ended it) or hangup:SECONDS.")
@click.option("--callee-input", "callee_inputs", multiple=True, metavar="INPUT",
              help="The called party's answers to Gathers in screening documents.")
@click.option("--hangup-at", type=click.FloatRange(min=0), default=None, metavar="SECONDS",
              help="The caller hangs up at this virtual second, whatever is happening.")
@click.option("--from", "from_", default="+15550100", show_default=True, help="The caller.")
@click.option("--to", default="+15550199", show_default=True, help="The number called.")
@click.option("--caller-name", default=None, help="CallerName (default: the string null).")
@click.option("--method", type=click.Choice(["POST", "GET"], case_sensitive=False),
              default="POST", show_default=True, help="How the first document is requested.")
@click.option("--fallback-url", default=None,
              help="Requested when the first document cannot be fetched (FallbackUrl).")
@click.option("--context", type=click.Choice(CONTEXT_CHOICES), default="voice",
              show_default=True,
              help="Which interpreter runs TARGET: a call (voice), a Dial noun's screening "
                   "document, or a Conference waitUrl document.")
@click.option("--site", type=click.Path(file_okay=False, exists=True, path_type=Path),
              default=None, help="The site's folder, when TARGET is deeper inside it.")
@click.option("--max-steps", type=click.IntRange(min=1), default=1000, show_default=True,
              help="Stop a call after this many verbs and fetches (a runaway loop).")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
def simulate_command(
    target: str,
    inputs: tuple[str, ...],
    dials: tuple[str, ...],
    records: tuple[str, ...],
    callee_inputs: tuple[str, ...],
    hangup_at: float | None,
    from_: str,
    to: str,
    caller_name: str | None,
    method: str,
    fallback_url: str | None,
    context: str,
    site: Path | None,
    max_steps: int,
    output: str,
) -> None:
    """Run a call through TARGET offline, as Restcomm would, and print its log.

    TARGET is a document or template in a folder (the folder is served in this process, as
    `rcml serve` would serve it) or an http(s):// URL.

    \b
    Examples:
      rcml simulate templates/greeting.xml.j2 --input 3
      rcml simulate templates/greeting.xml.j2 --input 1 --dial answered:30
      rcml simulate https://app.example.com/ivr.xml --input 1234# --format json

    Exit status: 0 when the call ended normally, 1 when it ended in an interpreter error, a
    stall or the step limit, or a fetched document has an error finding; 2 for usage errors.
    """
    script = _script(inputs, dials, records, hangup_at, callee_inputs)
    try:
        simulator = Simulator(target, site=site, context=context)
    except (SimulationError, OSError) as exc:
        raise click.UsageError(str(exc)) from None
    with simulator:
        transcript = simulator.call(
            script,
            from_=from_,
            to=to,
            caller_name=caller_name,
            method=method.upper(),
            fallback_url=fallback_url,
            max_steps=max_steps,
        )
    text = transcript.to_json() if output == "json" else transcript.to_text()
    click.echo(text, nl=False)
    sys.exit(transcript.exit_code)
