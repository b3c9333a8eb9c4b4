"""``flask --app wsgi seed-demo [--large [--trainees 3000] [--seed 1]]``."""

from __future__ import annotations

import click
from click.core import ParameterSource
from flask.cli import with_appcontext


@click.command("seed-demo")
@click.option(
    "--large",
    is_flag=True,
    help="Then add two years of history for the reports: thousands of trainees, generated courses, "
    "enrolments, attempts and certificates (bulk inserts; skipped if already there).",
)
@click.option(
    "--trainees",
    type=click.IntRange(1, 200_000),
    default=3000,
    show_default=True,
    help="With --large: how many trainees to generate.",
)
@click.option(
    "--seed",
    "random_seed",
    type=int,
    default=1,
    show_default=True,
    help="With --large: the random seed (the same seed builds the same history).",
)
@with_appcontext
def seed_demo_command(large: bool, trainees: int, random_seed: int):
    """Load realistic demo data: institutions, users of every role, courses with modules and enrolments.

    Safe to run twice: nothing is duplicated.
    """
    context = click.get_current_context()
    if not large:
        for name in ("trainees", "random_seed"):
            if context.get_parameter_source(name) is not ParameterSource.DEFAULT:
                raise click.UsageError("--trainees and --seed only apply with --large.")

    from training.main.demo import DEMO_ACCOUNTS, seed_demo

    summary = seed_demo()
    click.echo(f"Demo data: {summary}")
    click.echo("Demo accounts:")
    for account in DEMO_ACCOUNTS:
        click.echo(f"  {account['role']:<14} {account['email']:<36} password: {account['password']}")
    if large:
        from training.main.demo_large import seed_large

        seed_large(trainees=trainees, seed=random_seed, echo=click.echo)
