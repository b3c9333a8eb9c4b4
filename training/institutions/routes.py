"""Partner institutions: public profile, management, logos and signatories."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from training import policy
from training.extensions import db
from training.forms import uploaded_bytes
from training.institutions import services
from training.institutions.forms import SECTOR_LABELS, DeleteForm, InstitutionForm, SignatoryForm
from training.institutions.models import Institution, Signatory
from training.pagination import paginate
from training.storage import file_response
from training.uploads import UploadError

bp = Blueprint("institutions", __name__, url_prefix="/institutions")


def _load_managed(institution_id: int) -> Institution:
    return policy.load_or_404(Institution, institution_id, "institution.manage")


def _load_signatory(institution: Institution, signatory_id: int) -> Signatory:
    signatory = db.session.get(Signatory, signatory_id)
    if signatory is None or signatory.institution_id != institution.id:
        abort(404)
    return signatory


@bp.route("/")
@login_required
def index():
    policy.require("institution.list_managed")
    stmt = select(Institution).order_by(Institution.name)
    if not policy.is_admin(current_user):
        stmt = stmt.where(Institution.id == current_user.institution_id)
    return render_template("institutions/index.html", page=paginate(stmt), sector_labels=SECTOR_LABELS)


@bp.route("/<int:institution_id>")
def show(institution_id: int):
    institution = db.session.get(Institution, institution_id) or abort(404)
    return render_template("institutions/show.html", institution=institution, sector_labels=SECTOR_LABELS)


@bp.route("/<int:institution_id>/logo")
def logo(institution_id: int):
    institution = db.session.get(Institution, institution_id) or abort(404)
    return file_response(institution.logo_key, institution.logo_content_type)


def _save(form: InstitutionForm, institution: Institution | None):
    try:
        saved, old_key = services.save_institution(
            current_user,
            institution,
            name=form.name.data,
            short_name=form.short_name.data,
            sector=form.sector.data,
            country=form.country.data,
            website=form.website.data,
            logo=uploaded_bytes(form.logo),
            remove_logo=form.remove_logo.data,
        )
    except UploadError as exc:
        db.session.rollback()
        form.logo.errors = [str(exc)]
        return None
    except services.DuplicateNameError:
        db.session.rollback()
        form.name.errors = [_("Another institution already has this name.")]
        return None
    db.session.commit()
    services.discard_file(old_key)
    return saved


@bp.route("/new", methods=["GET", "POST"])
@login_required
def create():
    policy.require("institution.create")
    form = InstitutionForm()
    if form.validate_on_submit() and (saved := _save(form, None)):
        flash(_("%(name)s has been created.", name=saved.name), "success")
        return redirect(url_for("institutions.edit", institution_id=saved.id))
    status = 400 if form.is_submitted() else 200
    return render_template("institutions/form.html", form=form, institution=None), status


@bp.route("/<int:institution_id>/edit", methods=["GET", "POST"])
@login_required
def edit(institution_id: int):
    institution = _load_managed(institution_id)
    form = InstitutionForm(obj=institution)
    if form.validate_on_submit() and _save(form, institution):
        flash(_("%(name)s has been saved.", name=institution.name), "success")
        return redirect(url_for("institutions.edit", institution_id=institution.id))
    status = 400 if form.is_submitted() else 200
    return render_template(
        "institutions/form.html", form=form, institution=institution, delete_form=DeleteForm()
    ), status


@bp.route("/<int:institution_id>/signatories/new", methods=["GET", "POST"])
@bp.route("/<int:institution_id>/signatories/<int:signatory_id>", methods=["GET", "POST"])
@login_required
def signatory(institution_id: int, signatory_id: int | None = None):
    institution = _load_managed(institution_id)
    current = _load_signatory(institution, signatory_id) if signatory_id else None
    form = SignatoryForm(obj=current)
    if form.validate_on_submit():
        try:
            saved, old_key = services.save_signatory(
                current_user,
                institution,
                current,
                name=form.name.data,
                title=form.title.data,
                signature=uploaded_bytes(form.signature),
            )
        except UploadError as exc:
            db.session.rollback()
            form.signature.errors = [str(exc)]
        else:
            db.session.commit()
            services.discard_file(old_key)
            flash(_("The signatory %(name)s has been saved.", name=saved.name), "success")
            return redirect(url_for("institutions.edit", institution_id=institution.id))
    status = 400 if form.is_submitted() else 200
    return render_template("institutions/signatory.html", form=form, institution=institution, signatory=current), status


@bp.route("/<int:institution_id>/signatories/<int:signatory_id>/delete", methods=["POST"])
@login_required
def delete_signatory(institution_id: int, signatory_id: int):
    institution = _load_managed(institution_id)
    current = _load_signatory(institution, signatory_id)
    if not DeleteForm().validate_on_submit():
        abort(400)
    key = services.delete_signatory(current_user, current)
    db.session.commit()
    services.discard_file(key)
    flash(_("The signatory has been removed."), "success")
    return redirect(url_for("institutions.edit", institution_id=institution.id))


@bp.route("/<int:institution_id>/signatories/<int:signatory_id>/signature")
@login_required
def signature(institution_id: int, signatory_id: int):
    institution = _load_managed(institution_id)
    current = _load_signatory(institution, signatory_id)
    return file_response(current.signature_key, current.signature_content_type)
