"""``flask --app wsgi seed-demo``."""

from __future__ import annotations

import click
from flask.cli import with_appcontext


@click.command("seed-demo")
@with_appcontext
def seed_demo_command():
    """Load realistic demo data (institutions, users of every role). Safe to run twice."""
    from training.main.demo import DEMO_ACCOUNTS, seed_demo

    summary = seed_demo()
    click.echo(f"Demo data: {summary}")
    click.echo("Demo accounts:")
    for account in DEMO_ACCOUNTS:
        click.echo(f"  {account['role']:<14} {account['email']:<36} password: {account['password']}")
