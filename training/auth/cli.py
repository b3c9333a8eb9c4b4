"""``flask --app wsgi create-user``."""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import force_locale

from training.auth import services
from training.auth.models import ROLE_VALUES
from training.auth.passwords import password_problem
from training.extensions import db


@click.command("create-user")
@click.option("--email", required=True, help="Login email address.")
@click.option("--name", required=True, help="Full name, in any script.")
@click.option("--password", help="Password; omit it to read one line from standard input.")
@click.option(
    "--role",
    "roles",
    multiple=True,
    type=click.Choice(ROLE_VALUES),
    default=("trainee",),
    show_default=True,
    help="Role to grant; repeat for several.",
)
@click.option("--country", default=None, help="ISO 3166 alpha-2 country code, e.g. JP.")
@with_appcontext
def create_user_command(email, name, password, roles, country):
    """Create a confirmed, active account."""
    if password is None:
        password = sys.stdin.readline().rstrip("\r\n")
    # No request here, so no locale to select: messages are in the default language.
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        problem = password_problem(password, email=email, name=name)
    if problem:
        raise click.BadParameter(problem, param_hint="--password")
    if services.find_user(email) is not None:
        raise click.ClickException(f"An account with the email {email.lower()} already exists.")
    user = services.create_user(
        email=email,
        name=name,
        password=password,
        roles=set(roles),
        country=(country or "").upper() or None,
        confirmed=True,
    )
    db.session.commit()
    click.echo(f"Created user {user.id} <{user.email}> with roles: {', '.join(sorted(user.roles))}")
