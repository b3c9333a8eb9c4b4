"""The CAI objective taxonomy: eight stable codes, sub-themes below them."""

from __future__ import annotations

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from training.extensions import db

OBJECTIVE_KINDS = ("objective", "cross-sectoral", "collaborative-base", "sub-theme")


class Objective(db.Model):
    __tablename__ = "objectives"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)
    # {"ja": {"title": ..., "description": ...}}: the taxonomy is data, so its translations are too.
    translations: Mapped[dict] = mapped_column(JSON, default=dict)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("objectives.id", ondelete="RESTRICT"), index=True)

    parent: Mapped[Objective | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Objective]] = relationship(back_populates="parent", order_by="Objective.position")

    __table_args__ = (
        CheckConstraint("kind IN (" + ", ".join(f"'{k}'" for k in OBJECTIVE_KINDS) + ")", name="kind_known"),
        CheckConstraint("code <> '' AND code = lower(code)", name="code_lowercase"),
    )

    def localized(self, field: str, locale: str | None) -> str:
        text = (self.translations or {}).get(str(locale or ""), {}).get(field)
        return text or getattr(self, field)
