"""`rcml rules` and `rcml rule CODE`: the rules' own documentation, from their docstrings.

``docs/rules.md`` is generated from the same docstrings (``python -m rcml.lint.docs``).
"""

from __future__ import annotations

import click


@click.command("rules")
def rules_command() -> None:
    """List every rule: code, name, default severity and what it reports.

    \b
    Examples:
      rcml rules
      rcml rules | grep RCML2
    """
    from rcml.rules import ALL_RULES

    for rule in ALL_RULES:
        click.echo(f"{rule.code}  {rule.name:<30} {rule.severity.value:<8} {rule.summary()}")


@click.command("rule")
@click.argument("code")
def rule_command(code: str) -> None:
    """Explain one rule, by code (RCML301) or name (invalid-url): its whole documentation.

    \b
    Examples:
      rcml rule RCML301
      rcml rule unused-suppression
    """
    from rcml.core.names import did_you_mean
    from rcml.rules import ALL_RULES, RULES_BY_CODE, find_rule

    rule = find_rule(code)
    if rule is None:
        guess = did_you_mean(code, list(RULES_BY_CODE) + [r.name for r in ALL_RULES])
        hint = f" Did you mean {guess}?" if guess else " See `rcml rules`."
        raise click.UsageError(f"no rule {code!r}.{hint}")
    click.echo(f"{rule.code} {rule.name} ({rule.severity.value})\n")
    click.echo(rule.documentation())
    click.echo(f"\n{rule.fix_line()}")
