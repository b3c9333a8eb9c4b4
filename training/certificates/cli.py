"""``flask --app wsgi issue-certificates COURSE_SLUG``."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import select


@click.command("issue-certificates")
@click.argument("course_slug")
@with_appcontext
def issue_certificates_command(course_slug: str):
    """Issue certificates to every trainee of a course who has met its completion rules.

    Idempotent: a trainee who already has a certificate keeps it. Prints a table of serial, trainee and
    status; one trainee's failure is reported and the others still get theirs. Runs here, in this process
    (the web page's button queues the same work on RQ when REDIS_URL is set).
    """
    from training.certificates import bulk
    from training.certificates.models import IssueJob
    from training.courses.models import Course
    from training.extensions import db

    course = db.session.scalar(select(Course).where(Course.slug == course_slug))
    if course is None:
        raise click.ClickException(f"No course has the slug {course_slug!r}.")
    job = IssueJob(course_id=course.id, total=0)
    db.session.add(job)
    db.session.commit()
    job = bulk.run(job.id)
    width = max([len(r["user"]) for r in job.results] + [7])
    click.echo(f"{'serial':<24}  {'trainee':<{width}}  status")
    for row in job.results:
        click.echo(f"{row['serial'] or '-':<24}  {row['user']:<{width}}  {row['status']}")
    failed = sum(1 for r in job.results if r["status"].startswith("failed"))
    click.echo(f"{len(job.results)} trainee(s), {failed} failure(s).")
    if failed:
        raise SystemExit(1)
