"""Administrator pages: users and roles."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from training import policy
from training.admin import services
from training.admin.forms import ROLE_LABELS, UserEditForm
from training.auth.models import User
from training.extensions import db
from training.institutions.models import Institution
from training.pagination import paginate

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@login_required
def _admins_only():
    policy.require("admin.users")


@bp.route("/users")
def users():
    q = request.args.get("q", "")[:100]
    role = request.args.get("role", "")
    if role and role not in ROLE_LABELS:
        role = ""
    page = paginate(services.search_users(q, role))
    return render_template("admin/users.html", page=page, q=q, role=role, role_labels=ROLE_LABELS)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def edit_user(user_id: int):
    user = policy.load_or_404(User, user_id, "admin.users")
    institutions = db.session.scalars(select(Institution).order_by(Institution.name)).all()
    form = UserEditForm(obj=user, institutions=institutions)
    if request.method == "GET":
        form.roles.data = sorted(user.roles)
    if form.validate_on_submit():
        try:
            services.update_user(
                db.session,
                current_user,
                user,
                name=form.name.data,
                country=form.country.data,
                institution_id=form.institution_id.data,
                roles=set(form.roles.data),
                active=form.active.data,
            )
        except services.LastAdminError:
            db.session.rollback()
            form.roles.errors.append(_("At least one active administrator must remain."))
        else:
            db.session.commit()
            flash(_("%(name)s has been updated.", name=user.name), "success")
            return redirect(url_for("admin.users"))
    status = 400 if form.is_submitted() else 200
    return render_template("admin/user_edit.html", form=form, user=user), status
