"""Enrolment views: join, withdraw, the instructor's enrolment dashboard, decisions, CSV in and out."""

from __future__ import annotations

import csv
import io

from flask import Response, abort, current_app, flash, redirect, render_template, request, stream_with_context, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from training import policy
from training.auth.mails import send_invitation
from training.courses import bulk
from training.courses.enrolment import EnrolmentError, approve, enrol, find_enrolment, reject, withdraw
from training.courses.forms import ActionForm, BulkDecisionForm, CsvConfirmForm, CsvUploadForm, EnrolForm, RejectForm
from training.courses.models import Enrolment, EnrolmentStatus
from training.courses.progress import progress_for
from training.courses.routes import bp, load_course, show
from training.extensions import db, limiter
from training.forms import confirmed_upload, uploaded_bytes
from training.pagination import paginate
from training.spreadsheet import safe_cell
from training.storage import stage_upload, storage

ENROL_MESSAGES = {
    "active": lambda: _("You are enrolled. Welcome to the course!"),
    "pending": lambda: _("Your request has been sent. An instructor will review it."),
    "waitlisted": lambda: _("The course is full, so you are on the waitlist. You will get a seat when one frees up."),
    "completed": lambda: _("You have already completed this course."),
}
ERROR_MESSAGES = {
    "wrong_key": lambda: _("That enrolment key is not correct."),
    "rejected": lambda: _(
        "Your request for this course was declined. Contact an instructor if you think this is a mistake."
    ),
    "not_open": lambda: _("This course is not open for enrolment."),
    "not_pending": lambda: _("That enrolment has already been decided."),
    "not_withdrawable": lambda: _("You are not enrolled in this course."),
    "reason_required": lambda: _("Give a reason; the trainee sees it."),
}


def _enrolment_limit() -> str:
    return current_app.config["ENROLMENT_KEY_RATE_LIMIT"]


def _failed(response) -> bool:
    return response.status_code >= 400


@bp.route("/<slug>/enrol", methods=["POST"])
@login_required
@limiter.limit(_enrolment_limit, deduct_when=_failed)
def enrol_view(slug: str):
    course = load_course(slug, "course.enrol")
    form = EnrolForm()
    if not form.validate_on_submit():
        # CSRF is checked before the view, so only the key can be invalid: longer than any key can be.
        flash(ERROR_MESSAGES["wrong_key"](), "error")
        return show(slug), 403
    try:
        enrolment = enrol(current_user, course, key=form.key.data)
    except EnrolmentError as exc:
        db.session.rollback()
        flash(ERROR_MESSAGES[exc.code](), "error")
        if exc.code == "wrong_key":
            return show(slug), 403  # a failure: counts toward the enrolment-key rate limit
        return redirect(url_for("courses.show", slug=slug)), 303
    db.session.commit()
    flash(ENROL_MESSAGES[enrolment.status](), "success" if enrolment.status == "active" else "info")
    if enrolment.status == "active":
        return redirect(url_for("courses.learn", slug=slug))
    return redirect(url_for("courses.show", slug=slug))


@bp.route("/<slug>/withdraw", methods=["POST"])
@login_required
def withdraw_view(slug: str):
    course = load_course(slug, "course.view")
    enrolment = find_enrolment(current_user, course)
    if enrolment is None or not ActionForm().validate_on_submit():
        abort(404 if enrolment is None else 400)
    try:
        withdraw(current_user, enrolment)
    except EnrolmentError as exc:
        db.session.rollback()
        flash(ERROR_MESSAGES[exc.code](), "error")
    else:
        db.session.commit()
        flash(_("You have withdrawn from the course."), "info")
    return redirect(url_for("courses.show", slug=slug))


def _enrolments_query(course, status: str):
    stmt = (
        select(Enrolment)
        .where(Enrolment.course_id == course.id)
        .options(joinedload(Enrolment.user))
        .order_by(Enrolment.status_changed_at, Enrolment.id)
    )
    if status:
        stmt = stmt.where(Enrolment.status == status)
    return stmt


@bp.route("/<slug>/enrolments")
@login_required
def enrolments(slug: str):
    course = load_course(slug, "course.oversee")
    status = request.args.get("status", "")
    if status and status not in {s.value for s in EnrolmentStatus}:
        status = ""
    if request.args.get("format") == "csv":
        return _export_csv(course, status)
    page = paginate(_enrolments_query(course, status), per_page=50)
    counts = dict(
        db.session.execute(
            select(Enrolment.status, func.count()).where(Enrolment.course_id == course.id).group_by(Enrolment.status)
        ).all()
    )
    return render_template(
        "courses/enrolments.html",
        course=course,
        page=page,
        status=status,
        counts=counts,
        progress=progress_for(page.items),
        statuses=[s.value for s in EnrolmentStatus],
        bulk_form=BulkDecisionForm(),
        reject_form=RejectForm(),
        action_form=ActionForm(),
        can_manage=policy.can("course.manage", course),
    )


def _export_csv(course, status: str) -> Response:
    """Streamed in batches: a large course never builds the whole file in memory."""

    def rows():
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(
            [
                "email",
                "name",
                "country",
                "status",
                "requested_at",
                "status_changed_at",
                "modules_done",
                "modules_total",
                "percent",
            ]
        )
        yield "\ufeff" + buffer.getvalue()
        offset = 0
        while True:
            batch = db.session.scalars(_enrolments_query(course, status).offset(offset).limit(500)).unique().all()
            if not batch:
                break
            progress = progress_for(batch)
            buffer.seek(0)
            buffer.truncate()
            for e in batch:
                p = progress[e.id]
                writer.writerow(
                    [
                        safe_cell(e.user.email),
                        safe_cell(e.user.name),
                        e.user.country or "",
                        e.status,
                        e.requested_at.isoformat(),
                        e.status_changed_at.isoformat(),
                        p.done,
                        p.total,
                        p.percent,
                    ]
                )
            yield buffer.getvalue()
            offset += len(batch)

    filename = f"{course.slug}-enrolments.csv"
    return Response(
        stream_with_context(rows()),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


# Larger ids cannot exist, and SQLite cannot even bind them (OverflowError): answer 404, not 500.
MAX_ID = 2**31 - 1


def _load_enrolment(course, enrolment_id: int) -> Enrolment:
    enrolment = db.session.get(Enrolment, enrolment_id) if enrolment_id <= MAX_ID else None
    if enrolment is None or enrolment.course_id != course.id:
        abort(404)
    return enrolment


@bp.route("/<slug>/enrolments/<int:enrolment_id>/approve", methods=["POST"])
@login_required
def approve_view(slug: str, enrolment_id: int):
    course = load_course(slug, "course.manage")
    enrolment = _load_enrolment(course, enrolment_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        result = approve(current_user, enrolment)
    except EnrolmentError as exc:
        db.session.rollback()
        flash(ERROR_MESSAGES[exc.code](), "error")
    else:
        db.session.commit()
        flash(_("%(name)s is approved (%(status)s).", name=enrolment.user.name, status=result), "success")
    return redirect(url_for("courses.enrolments", slug=slug, status="pending"))


@bp.route("/<slug>/enrolments/<int:enrolment_id>/reject", methods=["POST"])
@login_required
def reject_view(slug: str, enrolment_id: int):
    course = load_course(slug, "course.manage")
    enrolment = _load_enrolment(course, enrolment_id)
    form = RejectForm()
    if not form.validate_on_submit():
        flash(str(form.reason.errors[0]) if form.reason.errors else _("Give a reason; the trainee sees it."), "error")
        return redirect(url_for("courses.enrolments", slug=slug, status="pending")), 303
    try:
        reject(current_user, enrolment, form.reason.data)
    except EnrolmentError as exc:
        db.session.rollback()
        flash(ERROR_MESSAGES[exc.code](), "error")
    else:
        db.session.commit()
        flash(_("The request of %(name)s has been declined.", name=enrolment.user.name), "success")
    return redirect(url_for("courses.enrolments", slug=slug, status="pending"))


@bp.route("/<slug>/enrolments/bulk", methods=["POST"])
@login_required
def bulk_decision(slug: str):
    course = load_course(slug, "course.manage")
    form = BulkDecisionForm()
    ids = [int(i) for i in request.form.getlist("enrolment_ids") if i.isascii() and i.isdigit() and int(i) <= MAX_ID][
        :500
    ]
    if not form.validate_on_submit() or not ids:
        flash(
            str(form.reason.errors[0])
            if form.reason.errors
            else _("Tick at least one request, then choose an action."),
            "error",
        )
        return redirect(url_for("courses.enrolments", slug=slug, status="pending")), 303
    if form.action.data == "reject" and not form.reason.data:
        flash(_("Give a reason; the trainee sees it."), "error")
        return redirect(url_for("courses.enrolments", slug=slug, status="pending")), 303
    chosen = db.session.scalars(
        select(Enrolment)
        .where(Enrolment.course_id == course.id, Enrolment.id.in_(ids))
        .order_by(Enrolment.status_changed_at, Enrolment.id)
    ).all()
    done = 0
    for enrolment in chosen:
        try:
            if form.action.data == "approve":
                approve(current_user, enrolment)
            else:
                reject(current_user, enrolment, form.reason.data)
            done += 1
        except EnrolmentError:
            continue  # already decided by someone else: skip it, keep the others
    db.session.commit()
    flash(_("%(n)s requests updated.", n=done), "success")
    return redirect(url_for("courses.enrolments", slug=slug, status="pending"))


@bp.route("/<slug>/enrolments/import", methods=["GET", "POST"])
@login_required
def import_csv(slug: str):
    course = load_course(slug, "course.manage")
    form = CsvUploadForm()
    if form.validate_on_submit():
        data = uploaded_bytes(form.file)
        limit = current_app.config["UPLOAD_CSV_MAX_BYTES"]
        if not data:
            form.file.errors = [_("Choose a CSV file to upload.")]
        elif len(data) > limit:
            form.file.errors = [_("The file is too large (at most %(size)s KB).", size=limit // 1024)]
        else:
            parsed = bulk.parse(data, course)
            token = stage_upload(data, f"enrolcsv{course.id}", "csv") if parsed.ok else ""
            return render_template(
                "courses/import_preview.html", course=course, parsed=parsed, confirm_form=CsvConfirmForm(token=token)
            ), 200 if parsed.ok else 400
    status = 400 if form.is_submitted() else 200
    return render_template("courses/import.html", course=course, form=form), status


@bp.route("/<slug>/enrolments/import/confirm", methods=["POST"])
@login_required
def import_confirm(slug: str):
    course = load_course(slug, "course.manage")
    form = CsvConfirmForm()
    data = confirmed_upload(form, f"enrolcsv{course.id}")
    if data is None:
        return redirect(url_for("courses.import_csv", slug=slug))
    try:
        parsed, invitations = bulk.apply(current_user, course, data)
    except ValueError:
        db.session.rollback()
        flash(_("The file has errors; nothing was changed. Upload it again to see them."), "error")
        return redirect(url_for("courses.import_csv", slug=slug))
    db.session.commit()
    storage().delete(form.token.data)
    for user, invite_token in invitations:
        send_invitation(user, invite_token, course)
    applied = sum(1 for r in parsed.rows if r.outcome != "already_enrolled")
    flash(
        _("%(n)s people enrolled; %(new)s new accounts invited by email.", n=applied, new=len(invitations)), "success"
    )
    return redirect(url_for("courses.enrolments", slug=slug))
