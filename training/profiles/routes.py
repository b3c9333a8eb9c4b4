"""The competence profile: the trainee's own page, the sharing switch, and the public page behind a link."""

from __future__ import annotations

from flask import Blueprint, abort, flash, make_response, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from training import policy
from training.charts import bar_chart, radar_chart
from training.courses.forms import ActionForm
from training.extensions import db
from training.profiles import services
from training.profiles.forms import SharingForm

bp = Blueprint("profiles", __name__)

RADAR_MINIMUM = 3  # objectives with data; fewer draw a bar chart, a radar of one or two points says nothing


def _chart(competence):
    """Hours of completed courses per CAI objective, or None when there is nothing to draw."""
    if not competence.with_data:
        return None
    locale = str(get_locale() or "en")
    labels = [s.objective.localized("title", locale) for s in competence.objectives]
    hours = [float(s.hours) for s in competence.objectives]
    title = _("Hours of completed training by CAI objective")
    if len(competence.with_data) >= RADAR_MINIMUM:
        return radar_chart(title, labels, hours, max_value=max(hours) or 1, unit=" h")
    return bar_chart(title, labels, hours, unit=" h")


def _private(body):
    """Not cached (hiding must take effect at once), not indexed, and the link never sent in a Referer."""
    response = make_response(body)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.route("/profile/competence")
@login_required
def competence():
    data = services.competence(current_user)
    return _private(
        render_template(
            "profiles/competence.html",
            competence=data,
            chart=_chart(data),
            sharing_form=SharingForm(public=current_user.profile_public),
            new_link_form=ActionForm(),
        )
    )


@bp.route("/profile/competence/sharing", methods=["POST"])
@login_required
def sharing():
    form = SharingForm()
    if not form.validate_on_submit():
        abort(400)
    user = current_user._get_current_object()  # the account itself: audit records name its table
    if form.public.data:
        changed = services.publish(user)
        message = _("Your competence profile is public: share its link.") if changed else None
    else:
        changed = services.hide(user)
        message = _("Your competence profile is private again; its link no longer works.") if changed else None
    db.session.commit()
    flash(message or _("Nothing to change."), "success" if message else "info")
    return redirect(url_for("profiles.competence"))


@bp.route("/profile/competence/new-link", methods=["POST"])
@login_required
def new_link():
    if not ActionForm().validate_on_submit():
        abort(400)
    if services.rotate(current_user._get_current_object()):
        db.session.commit()
        flash(_("Your profile has a new link; the old one no longer works."), "success")
    else:
        flash(_("Make your profile public first."), "error")
    return redirect(url_for("profiles.competence"))


@bp.route("/p/<token>")
def public(token: str):
    owner = services.find_public(token)
    if not policy.can("profile.view_public", owner):
        abort(404)
    data = services.competence(owner)
    return _private(render_template("profiles/public.html", owner=owner, competence=data, chart=_chart(data)))
