"""Courses, modules, attachments, enrolments and learning progress."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from training.db import UTCDateTime, sql_in, utcnow
from training.extensions import db


class CourseStatus(str, enum.Enum):
    DRAFT = "draft"
    PUBLISHED = "published"
    ARCHIVED = "archived"


class EnrolmentMode(str, enum.Enum):
    OPEN = "open"
    APPROVAL = "approval"
    KEY = "key"


class EnrolmentStatus(str, enum.Enum):
    PENDING = "pending"
    ACTIVE = "active"
    WAITLISTED = "waitlisted"
    COMPLETED = "completed"
    WITHDRAWN = "withdrawn"
    REJECTED = "rejected"


class InstitutionRole(str, enum.Enum):
    HOST = "host"
    CO_HOST = "co-host"
    CERTIFYING = "certifying"


LEVELS = ("introductory", "intermediate", "advanced")
# Languages a course can be taught in (ISO 639-1); the interface itself is en/ja.
COURSE_LANGUAGES = ("en", "ja", "zh", "ko", "th", "vi", "id", "ms", "hi", "tl", "km", "lo", "my", "mn", "bn", "ne")
SEAT_HOLDING = (EnrolmentStatus.ACTIVE.value, EnrolmentStatus.COMPLETED.value)


course_objectives = Table(
    "course_objectives",
    db.metadata,
    Column("course_id", ForeignKey("courses.id", ondelete="CASCADE"), primary_key=True),
    Column("objective_id", ForeignKey("objectives.id", ondelete="RESTRICT"), primary_key=True),
    Index("ix_course_objectives_objective_id", "objective_id"),
)

module_objectives = Table(
    "module_objectives",
    db.metadata,
    Column("module_id", ForeignKey("modules.id", ondelete="CASCADE"), primary_key=True),
    Column("objective_id", ForeignKey("objectives.id", ondelete="RESTRICT"), primary_key=True),
    Index("ix_module_objectives_objective_id", "objective_id"),
)

course_instructors = Table(
    "course_instructors",
    db.metadata,
    Column("course_id", ForeignKey("courses.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_course_instructors_user_id", "user_id"),
)


class Course(db.Model):
    __tablename__ = "courses"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(5), default="en", index=True)
    level: Mapped[str] = mapped_column(String(20), default="introductory", index=True)
    estimated_hours: Mapped[Decimal] = mapped_column(Numeric(6, 1), default=Decimal("1"))
    cover_key: Mapped[str | None] = mapped_column(String(200))
    cover_content_type: Mapped[str | None] = mapped_column(String(40))
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    enrolment_mode: Mapped[str] = mapped_column(String(10), default=EnrolmentMode.OPEN.value)
    enrolment_key_hash: Mapped[str | None] = mapped_column(String(255))
    capacity: Mapped[int | None]
    status: Mapped[str] = mapped_column(String(10), default=CourseStatus.DRAFT.value)
    # Certificates: issued on completion ("auto"), after the certifying institution approves ("approval"), or not.
    certificate_mode: Mapped[str] = mapped_column(String(10), default="auto")
    certificate_min_grade: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))  # percent; None: no minimum
    certificate_valid_months: Mapped[int | None]  # None: never expires
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    objectives = relationship("Objective", secondary=course_objectives, order_by="Objective.position")
    instructors = relationship("User", secondary=course_instructors, order_by="User.name")
    modules: Mapped[list[Module]] = relationship(
        back_populates="course", order_by="Module.position", cascade="all, delete-orphan"
    )
    institution_links: Mapped[list[CourseInstitution]] = relationship(
        back_populates="course", cascade="all, delete-orphan", order_by="CourseInstitution.role"
    )

    __table_args__ = (
        CheckConstraint(sql_in("status", [s.value for s in CourseStatus]), name="status_known"),
        CheckConstraint(sql_in("enrolment_mode", [m.value for m in EnrolmentMode]), name="mode_known"),
        CheckConstraint(sql_in("level", LEVELS), name="level_known"),
        CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity_positive"),
        CheckConstraint("estimated_hours >= 0", name="hours_not_negative"),
        CheckConstraint("ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on", name="dates_ordered"),
        CheckConstraint("enrolment_mode <> 'key' OR enrolment_key_hash IS NOT NULL", name="key_mode_has_key"),
        CheckConstraint("certificate_mode IN ('auto', 'approval', 'none')", name="certificate_mode_known"),
        CheckConstraint(
            "certificate_min_grade IS NULL OR (certificate_min_grade >= 0 AND certificate_min_grade <= 100)",
            name="certificate_min_grade_percent",
        ),
        CheckConstraint("certificate_valid_months IS NULL OR certificate_valid_months > 0", name="validity_positive"),
        Index("ix_courses_status_published_at", "status", "published_at"),
    )

    def __repr__(self) -> str:
        return f"<Course {self.slug}>"

    @property
    def partners(self) -> list[CourseInstitution]:
        """Partner links host first, then co-hosts, then certifying institutions."""
        rank = {InstitutionRole.HOST.value: 0, InstitutionRole.CO_HOST.value: 1, InstitutionRole.CERTIFYING.value: 2}
        return sorted(self.institution_links, key=lambda link: (rank.get(link.role, 9), link.institution.name))


class CourseInstitution(db.Model):
    __tablename__ = "course_institutions"

    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), primary_key=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(12), primary_key=True)

    course: Mapped[Course] = relationship(back_populates="institution_links")
    institution = relationship("Institution", lazy="joined")

    __table_args__ = (
        CheckConstraint(sql_in("role", [r.value for r in InstitutionRole]), name="role_known"),
        Index("ix_course_institutions_institution_id", "institution_id"),
    )


class Module(db.Model):
    __tablename__ = "modules"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    position: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    required: Mapped[bool] = mapped_column(default=True)
    estimated_minutes: Mapped[int] = mapped_column(default=30)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    course: Mapped[Course] = relationship(back_populates="modules")
    objectives = relationship("Objective", secondary=module_objectives, order_by="Objective.position")
    attachments: Mapped[list[ModuleAttachment]] = relationship(
        back_populates="module", cascade="all, delete-orphan", order_by="ModuleAttachment.id"
    )

    __table_args__ = (
        # Not unique: a reorder renumbers every module of the course in one flush.
        Index("ix_modules_course_id_position", "course_id", "position"),
        CheckConstraint("position >= 0", name="position_not_negative"),
        CheckConstraint("estimated_minutes >= 0", name="minutes_not_negative"),
    )


class ModuleAttachment(db.Model):
    __tablename__ = "module_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    storage_key: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    module: Mapped[Module] = relationship(back_populates="attachments")


class Enrolment(db.Model):
    __tablename__ = "enrolments"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(12))
    reason: Mapped[str | None] = mapped_column(String(500))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # When the current status began; the waitlist is served in this order.
    status_changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_module_id: Mapped[int | None] = mapped_column(ForeignKey("modules.id", ondelete="SET NULL"))

    user = relationship("User", foreign_keys=[user_id])
    course: Mapped[Course] = relationship()

    __table_args__ = (
        UniqueConstraint("user_id", "course_id", name="uq_enrolments_user_id_course_id"),
        CheckConstraint(sql_in("status", [s.value for s in EnrolmentStatus]), name="status_known"),
        Index("ix_enrolments_course_status", "course_id", "status", "status_changed_at"),
        Index("ix_enrolments_requested_at", "requested_at"),
        Index("ix_enrolments_completed_at", "completed_at"),
    )


class ModuleProgress(db.Model):
    __tablename__ = "module_progress"

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolments.id", ondelete="CASCADE"))
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id", ondelete="CASCADE"), index=True)
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    __table_args__ = (UniqueConstraint("enrolment_id", "module_id", name="uq_module_progress_enrolment_id_module_id"),)


class CohostRequest(db.Model):
    """A partner institution asks to co-host a course; an admin or the course's host decides."""

    __tablename__ = "cohost_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), index=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id", ondelete="CASCADE"), index=True)
    message: Mapped[str] = mapped_column(String(1000), default="")
    status: Mapped[str] = mapped_column(String(10), default="pending")
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    course: Mapped[Course] = relationship()
    institution = relationship("Institution")

    __table_args__ = (
        CheckConstraint("status IN ('pending', 'accepted', 'declined')", name="status_known"),
        Index(
            "uq_cohost_requests_pending",
            "course_id",
            "institution_id",
            unique=True,
            sqlite_where=text("status = 'pending'"),
            postgresql_where=text("status = 'pending'"),
        ),
    )
