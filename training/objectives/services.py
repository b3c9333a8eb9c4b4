"""Reading the taxonomy."""

from __future__ import annotations

from sqlalchemy import select

from training.extensions import db
from training.objectives.models import Objective

CANONICAL_CODES = (
    "low-carbon",
    "material-cycle",
    "nature-adaptation",
    "green-market",
    "partnerships",
    "monitoring",
    "leadership",
    "environment-trade",
)


def top_level() -> list[Objective]:
    return list(db.session.scalars(select(Objective).where(Objective.parent_id.is_(None)).order_by(Objective.position)))
