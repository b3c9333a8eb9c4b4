"""The CAI objective taxonomy, public."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from training.extensions import db
from training.objectives.models import Objective

bp = Blueprint("objectives", __name__, url_prefix="/objectives")


@bp.route("/")
def index():
    objectives = db.session.scalars(
        select(Objective)
        .where(Objective.parent_id.is_(None))
        .order_by(Objective.position)
        .options(selectinload(Objective.children))
    ).all()
    return render_template("objectives/index.html", objectives=objectives)


@bp.route("/<code>")
def show(code: str):
    objective = db.session.scalar(select(Objective).where(Objective.code == code)) or abort(404)
    return render_template("objectives/show.html", objective=objective)
