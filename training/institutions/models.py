"""Partner institutions and their signatories."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from training.db import UTCDateTime, utcnow
from training.extensions import db


class Sector(str, enum.Enum):
    GOVERNMENT = "government"
    INDUSTRY = "industry"
    ACADEMIA = "academia"
    CIVIL_SOCIETY = "civil_society"
    INTERNATIONAL = "international"


SECTOR_VALUES = tuple(s.value for s in Sector)


class Institution(db.Model):
    __tablename__ = "institutions"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    short_name: Mapped[str] = mapped_column(String(40))
    sector: Mapped[str] = mapped_column(String(20), index=True)
    country: Mapped[str] = mapped_column(String(2), index=True)
    website: Mapped[str | None] = mapped_column(String(300))
    logo_key: Mapped[str | None] = mapped_column(String(200))
    logo_content_type: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    signatories: Mapped[list[Signatory]] = relationship(
        back_populates="institution", cascade="all, delete-orphan", order_by="Signatory.position, Signatory.id"
    )

    __table_args__ = (
        CheckConstraint("sector IN (" + ", ".join(f"'{s}'" for s in SECTOR_VALUES) + ")", name="sector_known"),
        CheckConstraint("length(name) > 0", name="name_not_empty"),
        Index("uq_institutions_name_lower", func.lower(name), unique=True),
    )

    def __repr__(self) -> str:
        return f"<Institution {self.id} {self.short_name}>"


class Signatory(db.Model):
    __tablename__ = "signatories"

    id: Mapped[int] = mapped_column(primary_key=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(160))
    position: Mapped[int] = mapped_column(default=0)
    signature_key: Mapped[str | None] = mapped_column(String(200))
    signature_content_type: Mapped[str | None] = mapped_column(String(40))

    institution: Mapped[Institution] = relationship(back_populates="signatories")
