"""An institution's certificate template: colours, design and wording (data, never code), with a live preview."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from training import policy
from training.audit.services import record
from training.certificates import documents
from training.certificates.forms import TemplateForm
from training.certificates.models import CertificateTemplate
from training.certificates.routes import bp
from training.courses.forms import language_choices
from training.db import utcnow
from training.extensions import db
from training.institutions.models import Institution

if TYPE_CHECKING:
    from training.certificates import render

FIELDS = (
    "layout",
    "primary_colour",
    "accent_colour",
    "heading",
    "wording",
    "local_language",
    "local_heading",
    "local_wording",
)


def _institution(institution_id: int) -> Institution:
    institution = db.session.get(Institution, institution_id)
    if institution is None or not policy.can("institution.certificate_template", institution):
        abort(404)
    return institution


def _form(template: CertificateTemplate | None, formdata=None, **kwargs) -> TemplateForm:
    form = TemplateForm(formdata=formdata, obj=template, **kwargs)
    form.local_language.choices = [("", _("None"))] + language_choices()
    if template is None and formdata is None:
        form.wording.data = documents.DEFAULT_WORDING
    return form


def _design(form: TemplateForm) -> render.Design:
    from training.certificates import render  # WeasyPrint loads when a certificate is drawn

    return render.Design(
        layout=form.layout.data,
        primary=form.primary_colour.data,
        accent=form.accent_colour.data,
        heading=form.heading.data,
        wording=form.wording.data or documents.DEFAULT_WORDING,
        local_language=form.local_language.data or None,
        local_heading=form.local_heading.data or "",
        local_wording=form.local_wording.data or "",
    )


@bp.route("/institutions/<int:institution_id>/certificate-template", methods=["GET", "POST"])
@login_required
def template_form(institution_id: int):
    from training.certificates import render  # WeasyPrint loads when a certificate is drawn

    institution = _institution(institution_id)
    template = db.session.scalar(
        select(CertificateTemplate).where(CertificateTemplate.institution_id == institution.id)
    )
    form = _form(template, formdata=request.form if request.method == "POST" else None)
    problems: list[str] = []
    # A field left out of the request is not a field left empty: WTForms would keep its default.
    complete = all(name in request.form for name in ("layout", "heading", "primary_colour", "accent_colour"))
    if request.method == "POST" and not complete:
        form.validate()
        form.heading.errors = list(form.heading.errors) or [_("Fill in every field of the template.")]
    elif request.method == "POST" and form.validate():
        problems = render.validate_design(_design(form))
        if not problems:
            if template is None:
                template = CertificateTemplate(institution_id=institution.id)
                db.session.add(template)
            for name in FIELDS:
                setattr(template, name, getattr(form, name).data or ("" if name != "local_language" else None))
            template.updated_at = utcnow()
            record(current_user, "certificate_template.save", institution, layout=template.layout)
            db.session.commit()
            flash(
                _("The certificate template has been saved. New certificates use it; issued ones keep theirs."),
                "success",
            )
            return redirect(url_for("certificates.template_form", institution_id=institution.id))
    status = 400 if request.method == "POST" else 200
    return render_template("certificates/template.html", institution=institution, form=form, problems=problems), status


@bp.route("/institutions/<int:institution_id>/certificate-template/preview.pdf")
@login_required
def template_preview(institution_id: int):
    """The template as it stands in the form (query string), on sample data, marked as a specimen."""
    from training.certificates import render  # WeasyPrint loads when a certificate is drawn

    institution = _institution(institution_id)
    form = _form(None, formdata=request.args if request.args else None, meta={"csrf": False})
    if request.args and not form.validate():
        abort(400)
    design = _design(form)
    if render.validate_design(design):
        abort(400)
    doc = documents.document(
        documents.sample_snapshot(institution),
        serial="SAMP-LE00-0000-0000-0000",
        verify_url=request.host_url.rstrip("/") + url_for("certificates.verify_lookup"),
        design=design,
        status_note=_("Specimen"),
    )
    return Response(
        render.render_pdf(doc),
        mimetype="application/pdf",
        headers={
            "Content-Disposition": "inline; filename=specimen.pdf",
            # Shown in the template page's frame, so framing by this site (only) is allowed; a PDF runs no script.
            "Content-Security-Policy": "frame-ancestors 'self'",
            "X-Frame-Options": "SAMEORIGIN",
        },
    )
