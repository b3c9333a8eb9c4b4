"""Question banks, rubrics, assessments, attempts and the answers inside them.

A question's type-specific content (options, accepted answers, pairs) is one JSON
``spec`` whose shape is documented in ``grading.py``; option ids inside it are
stable, so an attempt's stored responses survive edits of the question.
"""

from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal

from sqlalchemy import JSON, CheckConstraint, Column, ForeignKey, Index, Numeric, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from training.assessments.gift import QUESTION_TYPES
from training.db import UTCDateTime, sql_in, utcnow
from training.extensions import db

AUTOMATIC_TYPES = frozenset(QUESTION_TYPES) - {"essay", "description"}
PROMPT_FORMATS = ("markdown", "html", "plain")


class AssessmentStatus(str, enum.Enum):
    DRAFT = "draft"
    PUBLISHED = "published"


class LatePolicy(str, enum.Enum):
    REFUSE = "refuse"  # nothing starts or is submitted after the close date
    PENALTY = "penalty"  # late work is accepted, with late_penalty percent taken off


class GradingMethod(str, enum.Enum):
    HIGHEST = "highest"
    LAST = "last"
    AVERAGE = "average"


class ReviewPolicy(str, enum.Enum):
    AFTER_SUBMIT = "after_submit"  # answers and feedback as soon as the attempt is graded
    AFTER_CLOSE = "after_close"  # the score at once; answers and feedback after the close date
    NEVER = "never"  # the score only


class AttemptStatus(str, enum.Enum):
    IN_PROGRESS = "in_progress"
    AWAITING_GRADING = "awaiting_grading"  # submitted; an essay waits for a grader
    GRADED = "graded"


question_objectives = Table(
    "question_objectives",
    db.metadata,
    Column("question_id", ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True),
    Column("objective_id", ForeignKey("objectives.id", ondelete="RESTRICT"), primary_key=True),
    Index("ix_question_objectives_objective_id", "objective_id"),
)


class QuestionCategory(db.Model):
    """A folder of a course's question bank; ``name`` is a path such as ``Energy/Basics``."""

    __tablename__ = "question_categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    __table_args__ = (UniqueConstraint("course_id", "name", name="uq_question_categories_course_id_name"),)

    @property
    def depth(self) -> int:
        return self.name.count("/")

    @property
    def leaf(self) -> str:
        return self.name.rsplit("/", 1)[-1]


class Question(db.Model):
    __tablename__ = "questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    category_id: Mapped[int] = mapped_column(ForeignKey("question_categories.id", ondelete="RESTRICT"))
    module_id: Mapped[int | None] = mapped_column(ForeignKey("modules.id", ondelete="SET NULL"))
    type: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(255))
    prompt: Mapped[str] = mapped_column(Text)
    prompt_format: Mapped[str] = mapped_column(String(10), default="markdown")
    general_feedback: Mapped[str] = mapped_column(Text, default="")
    points: Mapped[Decimal] = mapped_column(Numeric(6, 2), default=Decimal("1"))
    spec: Mapped[dict] = mapped_column(JSON, default=dict)
    id_number: Mapped[str] = mapped_column(String(100), default="")
    tags: Mapped[list] = mapped_column(JSON, default=list)
    # Retired questions stay for the attempts that used them but leave the bank.
    archived: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    category: Mapped[QuestionCategory] = relationship()
    module = relationship("Module")
    objectives = relationship("Objective", secondary=question_objectives, order_by="Objective.position")

    __table_args__ = (
        CheckConstraint(sql_in("type", QUESTION_TYPES), name="type_known"),
        CheckConstraint(sql_in("prompt_format", PROMPT_FORMATS), name="format_known"),
        CheckConstraint("points >= 0", name="points_not_negative"),
        Index("ix_questions_course_id_category_id", "course_id", "category_id"),
        Index("ix_questions_category_id", "category_id"),
        Index("ix_questions_module_id", "module_id"),
    )

    @property
    def graded(self) -> bool:
        return self.type != "description"


class Rubric(db.Model):
    """Criteria × levels with points; reusable by any essay of the course's assessments.

    ``criteria`` is ``[{"id", "title", "levels": [{"id", "title", "points"}]}]``.
    """

    __tablename__ = "rubrics"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    criteria: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    @property
    def max_points(self) -> Decimal:
        return sum(
            (max((Decimal(str(level["points"])) for level in c["levels"]), default=Decimal(0)) for c in self.criteria),
            Decimal(0),
        )


class Assessment(db.Model):
    __tablename__ = "assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    module_id: Mapped[int | None] = mapped_column(ForeignKey("modules.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    instructions: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default=AssessmentStatus.DRAFT.value)
    shuffle_questions: Mapped[bool] = mapped_column(default=False)
    shuffle_options: Mapped[bool] = mapped_column(default=True)
    passing_score: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=Decimal("60"))  # percent
    max_attempts: Mapped[int | None]  # None: unlimited
    time_limit_minutes: Mapped[int | None]  # None: untimed
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    late_policy: Mapped[str] = mapped_column(String(10), default=LatePolicy.REFUSE.value)
    late_penalty: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=Decimal("0"))  # percent taken off
    grading_method: Mapped[str] = mapped_column(String(10), default=GradingMethod.HIGHEST.value)
    review_policy: Mapped[str] = mapped_column(String(15), default=ReviewPolicy.AFTER_SUBMIT.value)
    weight: Mapped[Decimal] = mapped_column(Numeric(6, 2), default=Decimal("1"))
    required: Mapped[bool] = mapped_column(default=False)  # must be passed for the course's certificate
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    course = relationship("Course")
    module = relationship("Module")
    items: Mapped[list[AssessmentItem]] = relationship(
        back_populates="assessment", order_by="AssessmentItem.position", cascade="all, delete-orphan"
    )

    __table_args__ = (
        CheckConstraint(sql_in("status", [s.value for s in AssessmentStatus]), name="status_known"),
        CheckConstraint(sql_in("late_policy", [p.value for p in LatePolicy]), name="late_policy_known"),
        CheckConstraint(sql_in("grading_method", [m.value for m in GradingMethod]), name="grading_method_known"),
        CheckConstraint(sql_in("review_policy", [r.value for r in ReviewPolicy]), name="review_policy_known"),
        CheckConstraint("passing_score >= 0 AND passing_score <= 100", name="passing_score_percent"),
        CheckConstraint("late_penalty >= 0 AND late_penalty <= 100", name="late_penalty_percent"),
        CheckConstraint("max_attempts IS NULL OR max_attempts > 0", name="max_attempts_positive"),
        CheckConstraint("time_limit_minutes IS NULL OR time_limit_minutes > 0", name="time_limit_positive"),
        CheckConstraint("weight >= 0", name="weight_not_negative"),
        CheckConstraint("closes_at IS NULL OR opens_at IS NULL OR closes_at > opens_at", name="dates_ordered"),
        Index("ix_assessments_course_id_position", "course_id", "position"),
    )

    @property
    def published(self) -> bool:
        return self.status == AssessmentStatus.PUBLISHED.value


class AssessmentItem(db.Model):
    """One slot of an assessment: a fixed question, or ``draw_count`` questions drawn from a category."""

    __tablename__ = "assessment_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(default=0)
    question_id: Mapped[int | None] = mapped_column(ForeignKey("questions.id", ondelete="RESTRICT"), index=True)
    category_id: Mapped[int | None] = mapped_column(
        ForeignKey("question_categories.id", ondelete="RESTRICT"), index=True
    )
    draw_count: Mapped[int | None]
    points: Mapped[Decimal] = mapped_column(Numeric(6, 2), default=Decimal("1"))  # per question
    rubric_id: Mapped[int | None] = mapped_column(ForeignKey("rubrics.id", ondelete="SET NULL"), index=True)

    assessment: Mapped[Assessment] = relationship(back_populates="items")
    question: Mapped[Question | None] = relationship()
    category: Mapped[QuestionCategory | None] = relationship()
    rubric: Mapped[Rubric | None] = relationship()

    __table_args__ = (
        CheckConstraint(
            "(question_id IS NOT NULL AND category_id IS NULL AND draw_count IS NULL)"
            " OR (question_id IS NULL AND category_id IS NOT NULL AND draw_count >= 1)",
            name="fixed_or_drawn",
        ),
        CheckConstraint("points >= 0", name="points_not_negative"),
        Index("ix_assessment_items_assessment_id_position", "assessment_id", "position"),
    )


class Attempt(db.Model):
    __tablename__ = "attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    number: Mapped[int]
    status: Mapped[str] = mapped_column(String(20), default=AttemptStatus.IN_PROGRESS.value)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    deadline: Mapped[datetime | None] = mapped_column(UTCDateTime())  # None: no time limit, no close date
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_by_timer: Mapped[bool] = mapped_column(default=False)
    late: Mapped[bool] = mapped_column(default=False)
    score: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))  # points, after any late penalty
    max_score: Mapped[Decimal] = mapped_column(Numeric(8, 2), default=Decimal("0"))
    percent: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    passed: Mapped[bool | None]
    graded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    assessment: Mapped[Assessment] = relationship()
    user = relationship("User")
    answers: Mapped[list[AttemptAnswer]] = relationship(
        back_populates="attempt", order_by="AttemptAnswer.position", cascade="all, delete-orphan"
    )

    __table_args__ = (
        UniqueConstraint("assessment_id", "user_id", "number", name="uq_attempts_assessment_id_user_id_number"),
        CheckConstraint(sql_in("status", [s.value for s in AttemptStatus]), name="status_known"),
        CheckConstraint("number > 0", name="number_positive"),
        Index("ix_attempts_user_id_assessment_id", "user_id", "assessment_id"),
        Index("ix_attempts_assessment_id_status", "assessment_id", "status"),
        Index("ix_attempts_status_deadline", "status", "deadline"),
    )

    @property
    def in_progress(self) -> bool:
        return self.status == AttemptStatus.IN_PROGRESS.value


class AttemptAnswer(db.Model):
    """One question of one attempt: what was asked (in which order), what was answered, and its grade."""

    __tablename__ = "attempt_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id", ondelete="CASCADE"))
    position: Mapped[int]
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="RESTRICT"), index=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("assessment_items.id", ondelete="SET NULL"), index=True)
    points: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    option_order: Mapped[list | None] = mapped_column(JSON)  # option/pair/right-text ids as shown
    response: Mapped[dict | None] = mapped_column(JSON)
    saved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    score: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))
    needs_grading: Mapped[bool] = mapped_column(default=False)
    feedback: Mapped[str] = mapped_column(Text, default="")  # the grader's words
    rubric_id: Mapped[int | None] = mapped_column(ForeignKey("rubrics.id", ondelete="SET NULL"))
    rubric_choices: Mapped[dict | None] = mapped_column(JSON)  # criterion id -> level id
    graded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    graded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    attempt: Mapped[Attempt] = relationship(back_populates="answers")
    question: Mapped[Question] = relationship()
    rubric: Mapped[Rubric | None] = relationship()
    graded_by = relationship("User")

    __table_args__ = (
        UniqueConstraint("attempt_id", "position", name="uq_attempt_answers_attempt_id_position"),
        CheckConstraint("points >= 0", name="points_not_negative"),
        Index("ix_attempt_answers_needs_grading", "needs_grading", "attempt_id"),
    )
