"""Certificates blueprint: public verification, downloads, a course's certificates, bulk issue, decisions,
institutions' public keys and revocation lists, and their certificate templates."""

from __future__ import annotations

import hashlib

from flask import Blueprint, Response, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from training import policy
from training.certificates import bulk, documents, rules, services
from training.certificates.forms import STATUS_LABELS, ReasonForm, VerifyUploadForm
from training.certificates.models import Certificate, IssueJob
from training.certificates.serials import normalise
from training.courses.enrolment import find_enrolment
from training.courses.forms import ActionForm
from training.courses.routes import load_course
from training.extensions import db, limiter
from training.forms import uploaded_bytes
from training.institutions.models import Institution
from training.storage import file_response

bp = Blueprint("certificates", __name__)
MAX_PDF_CHECK = 5 * 1024 * 1024


def find(serial: str) -> Certificate | None:
    canonical = normalise(serial)
    if canonical is None:
        return None
    return db.session.scalar(select(Certificate).where(Certificate.serial == canonical))


def load_certificate(serial: str, action: str) -> Certificate:
    certificate = find(serial)
    if certificate is None or not policy.can(action, certificate):
        abort(404)
    return certificate


# --- Public verification -------------------------------------------------------------------------------


@bp.route("/verify", methods=["GET"])
def verify_lookup():
    typed = request.args.get("serial", "")
    if typed:
        canonical = normalise(typed)
        if canonical:
            return redirect(url_for("certificates.verify", serial=canonical))
        flash(_("A serial has 20 letters and digits, such as 7KQ2-M9XH-4RTB-8WCE-1NVA."), "error")
    return render_template("certificates/lookup.html", typed=typed), (400 if typed else 200)


@bp.route("/verify/<serial>", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["VERIFY_RATE_LIMIT"], methods=["POST"])
def verify(serial: str):
    certificate = find(serial)
    info = services.verification(certificate)
    form = VerifyUploadForm()
    check = None
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        data = uploaded_bytes(form.file)
        if not data:
            form.file.errors = [_("Choose the PDF file to check.")]
        elif len(data) > MAX_PDF_CHECK:
            form.file.errors = [_("The file is larger than 5 MB; a certificate is much smaller.")]
        elif not data.startswith(b"%PDF-"):
            form.file.errors = [_("This file is not a PDF.")]
        else:
            check = info.get("sha256") is not None and hashlib.sha256(data).hexdigest() == info["sha256"]
    status = 404 if info["status"] == "unknown" else 200
    if request.method == "POST" and form.file.errors:
        status = 400
    return render_template(
        "certificates/verify.html", serial=serial, info=info, form=form, check=check, labels=STATUS_LABELS
    ), status


@bp.route("/verify/<serial>.json")
def verify_json(serial: str):
    info = services.verification(find(serial))
    return jsonify(info), (404 if info["status"] == "unknown" else 200)


@bp.route("/institutions/<int:institution_id>/issuer.json")
def issuer_profile(institution_id: int):
    institution = db.get_or_404(Institution, institution_id)
    return jsonify(
        {
            "@context": [
                "https://www.w3.org/ns/credentials/v2",
                "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
            ],
            "id": services.public_url("certificates.issuer_profile", institution_id=institution.id),
            "type": ["Profile"],
            "name": institution.name,
            "url": institution.website or None,
            "publicKeys": services.public_url("certificates.public_keys", institution_id=institution.id),
        }
    )


@bp.route("/institutions/<int:institution_id>/keys.json")
def public_keys(institution_id: int):
    institution = db.get_or_404(Institution, institution_id)
    return jsonify(documents.public_keys(institution.id))


@bp.route("/institutions/<int:institution_id>/revocations.json")
def revocation_list(institution_id: int):
    from training.certificates import credential

    institution = db.get_or_404(Institution, institution_id)
    revoked = db.session.execute(
        select(Certificate.serial, Certificate.revoked_reason).where(
            Certificate.institution_id == institution.id, Certificate.status.in_(("revoked", "replaced"))
        )
    ).all()
    return jsonify(
        credential.revocation_list(
            list_url=services.public_url("certificates.revocation_list", institution_id=institution.id),
            issuer_id=services.public_url("certificates.issuer_profile", institution_id=institution.id),
            revoked=[(services.public_url("certificates.verify_json", serial=s), r or "") for s, r in revoked],
        )
    )


# --- The trainee's and the certifier's downloads ---------------------------------------------------------


@bp.route("/certificates/<serial>.pdf")
@login_required
def download_pdf(serial: str):
    certificate = load_certificate(serial, "certificate.download")
    if not certificate.pdf_key:
        abort(404)
    return file_response(certificate.pdf_key, "application/pdf", download_name=f"certificate-{certificate.serial}.pdf")


@bp.route("/certificates/<serial>/credential.<any(json,jwt):kind>")
@login_required
def download_credential(serial: str, kind: str):
    """The signed credential: as JSON (an EnvelopedVerifiableCredential) or as the bare VC-JWT."""
    certificate = load_certificate(serial, "certificate.download")
    if not certificate.credential_jwt:
        abort(404)
    body, mimetype = (
        (services.credential_document(certificate), "application/vc+ld+json")
        if kind == "json"
        else (certificate.credential_jwt, "application/vc+jwt")
    )
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="credential-{certificate.serial}.{kind}"'},
    )


@bp.route("/courses/<slug>/completion")
@login_required
def completion(slug: str):
    course = load_course(slug, "course.study")
    enrolment = find_enrolment(current_user, course)
    if enrolment is None:
        abort(404)
    return render_template(
        "certificates/completion.html",
        course=course,
        completion=rules.evaluate(enrolment),
        certificate=services.live_certificate(current_user.id, course.id),
        institution=services.certifying_institution(course),
    )


# --- A course's certificates: list, bulk issue, decisions --------------------------------------------------


@bp.route("/courses/<slug>/certificates")
@login_required
def course_certificates(slug: str):
    course = load_course(slug, "course.certificates")
    certificates = db.session.scalars(
        select(Certificate)
        .where(Certificate.course_id == course.id)
        .options(selectinload(Certificate.user))
        .order_by(Certificate.requested_at.desc(), Certificate.id.desc())
    ).all()
    last_job = db.session.scalar(
        select(IssueJob).where(IssueJob.course_id == course.id).order_by(IssueJob.id.desc()).limit(1)
    )
    return render_template(
        "certificates/course.html",
        course=course,
        certificates=certificates,
        status_of=services.status,
        labels=STATUS_LABELS,
        institution=services.certifying_institution(course),
        action_form=ActionForm(),
        reason_form=ReasonForm(),
        job=last_job,
        can_certify=policy.can("course.certify", course),
    )


@bp.route("/courses/<slug>/certificates/issue", methods=["POST"])
@login_required
def bulk_issue(slug: str):
    course = load_course(slug, "course.certify")
    if not ActionForm().validate_on_submit():
        abort(400)
    job = bulk.start(course, current_user)
    return redirect(url_for("certificates.job_page", slug=slug, job_id=job.id))


@bp.route("/courses/<slug>/certificates/jobs/<int:job_id>")
@login_required
def job_page(slug: str, job_id: int):
    course = load_course(slug, "course.certify")
    job = db.session.get(IssueJob, job_id)
    if job is None or job.course_id != course.id:
        abort(404)
    if request.accept_mimetypes.best == "application/json":
        results = [{**row, "label": bulk.describe(row)} for row in job.results or []]
        return jsonify(status=job.status, done=job.done, total=job.total, results=results)
    return render_template("certificates/job.html", course=course, job=job, describe=bulk.describe)


def _decide(slug: str, serial: str, action: str):
    course = load_course(slug, "course.certify")
    certificate = find(serial)
    if certificate is None or certificate.course_id != course.id:
        abort(404)
    form = ReasonForm() if action in ("revoke", "reissue") else ActionForm()
    if not form.validate_on_submit():
        flash(_("Give the reason (at most 500 characters)."), "error")
        return redirect(url_for("certificates.course_certificates", slug=slug)), 303
    try:
        if action == "approve":
            services.issue(current_user, certificate)
            message = _("Certificate %(serial)s issued.", serial=certificate.serial)
        elif action == "revoke":
            services.revoke(current_user, certificate, form.reason.data)
            message = _("Certificate %(serial)s revoked.", serial=certificate.serial)
        else:
            fresh = services.reissue(current_user, certificate, form.reason.data)
            message = _("Certificate re-issued as %(serial)s.", serial=fresh.serial)
    except services.CertificateError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("certificates.course_certificates", slug=slug)), 303
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("certificates.course_certificates", slug=slug))


@bp.route("/courses/<slug>/certificates/<serial>/<any(approve,revoke,reissue):action>", methods=["POST"])
@login_required
def decide(slug: str, serial: str, action: str):
    return _decide(slug, serial, action)


from training.certificates import views_templates  # noqa: E402,F401
