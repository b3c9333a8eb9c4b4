"""``flask --app wsgi seed-demo``."""

from __future__ import annotations

import click
from flask.cli import with_appcontext


@click.command("seed-demo")
@with_appcontext
def seed_demo_command():
    """Load realistic demo data: institutions, users of every role, courses with modules and enrolments.

    Safe to run twice: nothing is duplicated.
    """
    from training.main.demo import DEMO_ACCOUNTS, seed_demo

    summary = seed_demo()
    click.echo(f"Demo data: {summary}")
    click.echo("Demo accounts:")
    for account in DEMO_ACCOUNTS:
        click.echo(f"  {account['role']:<14} {account['email']:<36} password: {account['password']}")
