"""Home page, dashboard and health check."""

from __future__ import annotations

from flask import Blueprint, jsonify, render_template
from flask_login import current_user, login_required
from sqlalchemy import func, select, text

from training.auth.models import User
from training.courses.dashboard import my_enrolments
from training.courses.models import SEAT_HOLDING
from training.courses.progress import progress_for
from training.extensions import db
from training.institutions.models import Institution
from training.objectives.services import top_level

bp = Blueprint("main", __name__)


@bp.route("/")
def index():
    return render_template("main/index.html", objectives=top_level())


@bp.route("/dashboard")
@login_required
def dashboard():
    stats = None
    if current_user.has_role("admin"):
        stats = {
            "users": db.session.scalar(select(func.count()).select_from(User)),
            "active_users": db.session.scalar(select(func.count()).select_from(User).where(User.active.is_(True))),
            "institutions": db.session.scalar(select(func.count()).select_from(Institution)),
        }
    enrolments = my_enrolments(current_user)
    from training.certificates.models import LIVE, Certificate

    certificates = {
        c.course_id: c
        for c in db.session.scalars(
            select(Certificate).where(Certificate.user_id == current_user.id, Certificate.status.in_(LIVE))
        )
    }
    return render_template(
        "main/dashboard.html",
        certificates=certificates,
        stats=stats,
        objectives=top_level(),
        enrolments=enrolments,
        # my_enrolments loads each course's modules: progress_for reads them instead of querying them again.
        progress=progress_for([e for e in enrolments if e.status in SEAT_HOLDING], modules_loaded=True),
    )


@bp.route("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001 - any database failure means unhealthy
        db.session.rollback()
        return jsonify(status="error", database="unavailable", detail=type(exc).__name__), 503
    return jsonify(status="ok", database="ok")
