"""Bulk issue for a course's cohort: idempotent, one trainee's failure never stops the rest.

Runs inline, or as an RQ job on the ``certificates`` queue when REDIS_URL is set (start a worker with
``rq worker certificates --url $REDIS_URL`` in the project folder). Progress lives in the IssueJob row,
so any web worker can show it.
"""

from __future__ import annotations

import logging
import re

from flask import current_app, has_app_context
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from training.audit.services import record
from training.auth.models import User
from training.certificates import rules, services
from training.certificates.models import CertificateStatus, IssueJob
from training.courses.models import SEAT_HOLDING, Course, Enrolment
from training.db import utcnow
from training.extensions import db

log = logging.getLogger(__name__)
QUEUE = "certificates"

# A row's ``status`` is stored in English (the job outlives any request's language); shown through describe().
OUTCOME_LABELS = {
    "issued": _l("Issued"),
    "already issued": _l("Already issued"),
    "awaiting approval": _l("Awaiting approval"),
}


def describe(row: dict) -> str:
    """A job row's outcome in the reader's language."""
    status = row.get("status", "")
    if status in OUTCOME_LABELS:
        return str(OUTCOME_LABELS[status])
    if status.startswith("not complete"):
        found = re.search(r"\d+", status)
        missing = row.get("missing", int(found.group()) if found else 1)
        return ngettext("Not complete: %(num)d step missing", "Not complete: %(num)d steps missing", missing)
    if status.startswith("failed: "):
        return _("Failed: %(error)s", error=status.removeprefix("failed: "))
    return status  # a rule that refused, already in words


def _in_cohort(course):
    return (Enrolment.course_id == course.id, Enrolment.status.in_(SEAT_HOLDING))


def cohort(course) -> list[Enrolment]:
    return list(
        db.session.scalars(
            select(Enrolment).where(*_in_cohort(course)).options(selectinload(Enrolment.user)).order_by(Enrolment.id)
        )
    )


def cohort_size(course) -> int:
    return db.session.scalar(select(func.count()).select_from(Enrolment).where(*_in_cohort(course)))


def start(course, actor) -> IssueJob:
    """Create the job and run it: queued on RQ when REDIS_URL is set, else now, in this request."""
    job = IssueJob(course_id=course.id, requested_by_id=getattr(actor, "id", None), total=cohort_size(course))
    db.session.add(job)
    record(actor, "certificate.bulk_issue", course, job_total=job.total)
    db.session.commit()
    url = current_app.config.get("REDIS_URL")
    inline = current_app.config.get("JOBS_INLINE", current_app.config.get("TESTING", False))
    if url and not inline:
        from redis import Redis
        from rq import Queue

        queue = current_app.config.get("JOBS_QUEUE", QUEUE)
        Queue(queue, connection=Redis.from_url(url)).enqueue(run_in_worker, job.id, job_timeout=3600)
    else:
        run(job.id)
    return job


def run_in_worker(job_id: int) -> None:
    """The RQ entry point: a fresh app, then :func:`run`."""
    if has_app_context():  # a worker started inside the app (rq's SimpleWorker in tests)
        run(job_id)
        return
    from training import create_app

    with create_app().app_context():
        run(job_id)


def _outcome(enrolment: Enrolment, actor) -> dict:
    row = {"user": enrolment.user.name, "email": enrolment.user.email, "serial": "", "status": ""}
    existing = services.live_certificate(enrolment.user_id, enrolment.course_id)
    if existing is not None:
        row.update(
            serial=existing.serial, status="already issued" if existing.status == "issued" else "awaiting approval"
        )
        return row
    completion = rules.evaluate(enrolment)
    if not completion.met:
        row["status"] = f"not complete: {len(completion.missing)} step(s) missing"
        row["missing"] = len(completion.missing)
        return row
    try:
        certificate = services.request_or_issue(enrolment, actor, completion=completion).certificate
    except services.CertificateError as refused:  # a rule, not a fault: reported as such
        row["status"] = str(refused)
        return row
    row["serial"] = certificate.serial
    row["status"] = "issued" if certificate.status == CertificateStatus.ISSUED.value else "awaiting approval"
    return row


def run(job_id: int) -> IssueJob:
    job = db.session.get(IssueJob, job_id)
    job.status, job.done, results = "running", 0, []
    db.session.commit()
    actor = db.session.get(User, job.requested_by_id) if job.requested_by_id else None
    enrolments = cohort(db.session.get(Course, job.course_id))
    job.total = len(enrolments)
    for enrolment in enrolments:
        try:
            row = _outcome(enrolment, actor)
            db.session.commit()
        except Exception as error:  # noqa: BLE001 - one trainee's failure is reported; the others go on
            db.session.rollback()
            log.exception("certificate for enrolment %s failed", enrolment.id)
            row = {
                "user": enrolment.user.name,
                "email": enrolment.user.email,
                "serial": "",
                "status": f"failed: {error.__class__.__name__}: {str(error)[:200]}",
            }
        results.append(row)
        job = db.session.get(IssueJob, job_id)
        job.done += 1
        job.results = list(results)
        db.session.commit()
    job.status, job.finished_at = "done", utcnow()
    db.session.commit()
    return job
