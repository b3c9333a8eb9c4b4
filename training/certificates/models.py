"""Certificates, their templates per institution, signing keys and bulk-issue jobs.

A certificate is frozen at issue: ``snapshot`` keeps the name, course, hours,
objectives, institutions and signatories as they were, and the PDF is stored
with its SHA-256. Revocation and replacement are statuses, never deletions.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, LargeBinary, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from training.db import UTCDateTime, sql_in, utcnow
from training.extensions import db


class CertificateStatus(str, enum.Enum):
    PENDING = "pending"  # rules met; waiting for the certifying institution's approval
    ISSUED = "issued"
    REVOKED = "revoked"
    REPLACED = "replaced"  # re-issued: ``replaced_by`` is the current one


LIVE = (CertificateStatus.PENDING.value, CertificateStatus.ISSUED.value)
LAYOUTS = ("classic", "modern", "minimal")


class Certificate(db.Model):
    __tablename__ = "certificates"

    id: Mapped[int] = mapped_column(primary_key=True)
    serial: Mapped[str] = mapped_column(String(32), unique=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="RESTRICT"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    enrolment_id: Mapped[int | None] = mapped_column(ForeignKey("enrolments.id", ondelete="SET NULL"), index=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id", ondelete="RESTRICT"), index=True)
    status: Mapped[str] = mapped_column(String(10))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    issued_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_reason: Mapped[str | None] = mapped_column(String(500))
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("certificates.id", ondelete="SET NULL"), index=True)
    snapshot: Mapped[dict] = mapped_column(JSON, default=dict)
    pdf_key: Mapped[str | None] = mapped_column(String(200))
    pdf_sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    pdf_size: Mapped[int | None]
    credential_jwt: Mapped[str | None] = mapped_column(Text)
    # A regrade that changed the outcome after issue: shown to the certifying institution.
    flagged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    flag_reason: Mapped[str | None] = mapped_column(String(500))

    course = relationship("Course")
    user = relationship("User", foreign_keys=[user_id])
    institution = relationship("Institution")
    replaces: Mapped[Certificate | None] = relationship(remote_side=[id], foreign_keys=[replaces_id])

    __table_args__ = (
        CheckConstraint(sql_in("status", [s.value for s in CertificateStatus]), name="status_known"),
        CheckConstraint("status <> 'revoked' OR revoked_reason IS NOT NULL", name="revoked_has_reason"),
        CheckConstraint(
            "status <> 'issued' OR (pdf_sha256 IS NOT NULL AND issued_at IS NOT NULL)", name="issued_has_pdf"
        ),
        # One live certificate per trainee and course: bulk issue can run twice.
        Index(
            "uq_certificates_live_user_course",
            "user_id",
            "course_id",
            unique=True,
            sqlite_where=text("status IN ('pending', 'issued')"),
            postgresql_where=text("status IN ('pending', 'issued')"),
        ),
        Index("ix_certificates_course_id_status", "course_id", "status"),
        Index("ix_certificates_user_id", "user_id"),
        Index("ix_certificates_issued_at", "issued_at"),
    )

    @property
    def current_name(self) -> str:
        return self.snapshot.get("name", "")


class CertificateTemplate(db.Model):
    """An institution's certificate design: data only (colours, a layout, wording with placeholders)."""

    __tablename__ = "certificate_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id", ondelete="CASCADE"), unique=True)
    layout: Mapped[str] = mapped_column(String(10), default="classic")
    primary_colour: Mapped[str] = mapped_column(String(7), default="#0b6e4f")
    accent_colour: Mapped[str] = mapped_column(String(7), default="#c59d3f")
    heading: Mapped[str] = mapped_column(String(120), default="Certificate of Completion")
    wording: Mapped[str] = mapped_column(String(1000), default="")
    local_language: Mapped[str | None] = mapped_column(String(10))
    local_heading: Mapped[str] = mapped_column(String(120), default="")
    local_wording: Mapped[str] = mapped_column(String(1000), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    __table_args__ = (
        CheckConstraint(sql_in("layout", LAYOUTS), name="layout_known"),
        CheckConstraint("length(primary_colour) = 7 AND length(accent_colour) = 7", name="colours_hex"),
    )


class InstitutionKey(db.Model):
    """An institution's signing key (Ed25519). The private half is stored encrypted with the app's secret."""

    __tablename__ = "institution_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id", ondelete="CASCADE"), index=True)
    kid: Mapped[str] = mapped_column(String(64), unique=True)
    public_jwk: Mapped[dict] = mapped_column(JSON)
    private_key: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class IssueJob(db.Model):
    """A bulk issue for a course's cohort: its progress, and a line per trainee."""

    __tablename__ = "certificate_issue_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), index=True)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(10), default="queued")  # queued, running, done, failed
    total: Mapped[int] = mapped_column(default=0)
    done: Mapped[int] = mapped_column(default=0)
    results: Mapped[list] = mapped_column(JSON, default=list)  # [{"user": name, "serial": .., "status": ..}]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    __table_args__ = (CheckConstraint(sql_in("status", ("queued", "running", "done", "failed")), name="status_known"),)
