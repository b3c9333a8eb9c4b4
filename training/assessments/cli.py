"""``flask --app wsgi import-gift``, ``export-gift`` and ``close-expired-attempts``."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import select


def _course(slug: str):
    from training.courses.models import Course
    from training.extensions import db

    course = db.session.scalar(select(Course).where(Course.slug == slug))
    if course is None:
        raise click.ClickException(f"No course has the slug {slug!r}.")
    return course


@click.command("import-gift")
@click.argument("course_slug")
@click.argument("file", type=click.File("rb"))
@click.option("--category", default="Imported", show_default=True, help="Category for questions that name none.")
@click.option("--dry-run", is_flag=True, help="Check the file and list what would be imported; change nothing.")
@with_appcontext
def import_gift_command(course_slug: str, file, category: str, dry_run: bool):
    """Import the questions of a GIFT FILE (Moodle's text format, UTF-8) into a course's question bank.

    All or nothing: if any question is bad, each problem is printed with its line number and nothing is imported.
    Use - as FILE to read standard input.
    """
    from training.assessments import bank
    from training.extensions import db

    course = _course(course_slug)
    plan = bank.plan_import(file.read(), category)
    if plan.errors:
        for error in plan.errors:
            click.echo(error, err=True)
        raise click.ClickException(f"{len(plan.errors)} problem(s); nothing was imported.")
    for category_name, fields in plan.rows:
        click.echo(f"  {category_name} / {fields.name or bank.default_name(fields.prompt)} ({fields.type})")
    if dry_run:
        click.echo(f"Dry run: {len(plan.rows)} question(s) would be imported into {course.slug}.")
        return
    created = bank.apply_import(None, course, plan)
    db.session.commit()
    click.echo(f"Imported {len(created)} question(s) into {course.slug}.")


@click.command("export-gift")
@click.argument("course_slug")
@click.argument("file", type=click.File("w", encoding="utf-8"), default="-")
@with_appcontext
def export_gift_command(course_slug: str, file):
    """Write a course's question bank in GIFT format to FILE (standard output by default)."""
    from training.assessments import bank

    text = bank.export_gift(_course(course_slug))
    file.write(text)
    if getattr(file, "name", "<stdout>") != "<stdout>":
        click.echo(f"Exported to {file.name}.", err=True)


@click.command("close-expired-attempts")
@with_appcontext
def close_expired_command():
    """Submit every attempt whose time is up, with the answers saved before the deadline (for cron)."""
    from training.assessments.attempts import close_expired
    from training.db import utcnow
    from training.extensions import db

    closed = close_expired(utcnow())
    db.session.commit()
    click.echo(f"Closed {closed} attempt(s).")
