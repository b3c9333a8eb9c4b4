"""Question-bank rules: categories, questions, GIFT import and export. Callers commit."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, select
from sqlalchemy.orm import selectinload

from training.assessments import gift, gift_bridge, grading
from training.assessments.models import AssessmentItem, Attempt, AttemptAnswer, Question, QuestionCategory
from training.audit.services import record
from training.db import utcnow
from training.extensions import db

DEFAULT_CATEGORY = "Default"
MAX_CATEGORY_DEPTH = 6


class BankError(ValueError):
    """A rule was broken; the message is safe to show."""


def clean_category_name(name: str | None) -> str:
    """``" Energy / Basics/ "`` -> ``"Energy/Basics"``; empty -> the default category."""
    parts = [part.strip() for part in (name or "").replace("\\", "/").split("/")]
    parts = [part for part in parts if part]
    if parts and parts[0].casefold() == "$course$":  # Moodle's context prefix means "this course"
        parts = parts[1:]
    if parts and parts[0].casefold() == "top":
        parts = parts[1:]
    return "/".join(parts[:MAX_CATEGORY_DEPTH])[:255] or DEFAULT_CATEGORY


def categories(course) -> list[QuestionCategory]:
    return list(
        db.session.scalars(
            select(QuestionCategory).where(QuestionCategory.course_id == course.id).order_by(QuestionCategory.name)
        )
    )


def category_counts(course) -> dict[int, int]:
    rows = db.session.execute(
        select(Question.category_id, func.count())
        .where(Question.course_id == course.id, Question.archived.is_(False))
        .group_by(Question.category_id)
    )
    return dict(rows.all())


def category(course, name: str | None) -> QuestionCategory:
    """The course's category of this name, created if missing (with its parents, so the tree has no holes)."""
    name = clean_category_name(name)
    wanted = ["/".join(name.split("/")[: i + 1]) for i in range(name.count("/") + 1)]
    found = {
        c.name: c
        for c in db.session.scalars(
            select(QuestionCategory).where(QuestionCategory.course_id == course.id, QuestionCategory.name.in_(wanted))
        )
    }
    for path in wanted:
        if path not in found:
            found[path] = QuestionCategory(course_id=course.id, name=path)
            db.session.add(found[path])
    db.session.flush()
    return found[name]


def delete_category(actor, cat: QuestionCategory) -> None:
    in_use = (
        db.session.scalar(select(exists().where(Question.category_id == cat.id)))
        or db.session.scalar(select(exists().where(AssessmentItem.category_id == cat.id)))
        # A parent of other categories is not empty either: deleting it would leave a hole in the tree.
        or db.session.scalar(
            select(
                exists().where(
                    QuestionCategory.course_id == cat.course_id,
                    QuestionCategory.name.startswith(cat.name + "/", autoescape=True),
                )
            )
        )
    )
    if in_use:
        raise BankError(_l("Only an empty category that no assessment draws from can be deleted."))
    record(actor, "question_category.delete", cat, name=cat.name)
    db.session.delete(cat)


# --- Questions -----------------------------------------------------------------------------------------


@dataclass
class QuestionFields:
    type: str
    name: str
    prompt: str
    prompt_format: str = "markdown"
    general_feedback: str = ""
    spec: dict = field(default_factory=dict)
    points: Decimal = Decimal("1")
    id_number: str = ""
    tags: list = field(default_factory=list)


def problems(fields: QuestionFields) -> list[str]:
    found = []
    if not fields.prompt.strip():
        found.append("Write the question's text.")
    if fields.points < 0:
        found.append("Points cannot be negative.")
    return found + grading.validate_spec(fields.type, fields.spec)


def default_name(prompt: str, prompt_format: str = "markdown") -> str:
    return gift_bridge.name_from_prompt(prompt, prompt_format) or "Question"


def save_question(
    actor,
    course,
    question: Question | None,
    fields: QuestionFields,
    *,
    category_name: str | None,
    module=None,
    objectives=None,
) -> Question:
    """Create or update a question. Objectives default to its module's, else the course's."""
    errors = problems(fields)
    if errors:
        raise BankError(" ".join(errors))
    # Looked up before a new question joins the session: the query would autoflush it half-built.
    chosen_category = category(course, category_name)
    creating = question is None
    if creating:
        question = Question(course_id=course.id, created_by_id=getattr(actor, "id", None))
        db.session.add(question)
    question.category = chosen_category
    question.type = fields.type
    question.name = (fields.name.strip() or default_name(fields.prompt, fields.prompt_format))[:255]
    question.prompt = fields.prompt
    question.prompt_format = fields.prompt_format
    question.general_feedback = fields.general_feedback
    question.spec = copy.deepcopy(fields.spec)
    question.points = fields.points
    question.id_number = fields.id_number[:100]
    question.tags = list(fields.tags)
    question.module = module
    question.updated_at = utcnow()
    if objectives:
        question.objectives = list(objectives)
    elif module is not None and module.objectives:
        question.objectives = list(module.objectives)
    else:
        question.objectives = list(course.objectives)
    db.session.flush()
    record(actor, "question.create" if creating else "question.update", question, type=question.type)
    return question


def key_changed(question: Question, new_type: str, new_spec: dict) -> bool:
    """Would grading change? (Text-only edits do not call for a regrade.)"""
    return question.type != new_type or _key(question.spec) != _key(new_spec)


def _key(spec: dict) -> dict:
    """The parts of a spec that decide a grade (not texts shown to the trainee as feedback)."""

    def strip(value):
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if not k.startswith("feedback")}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return strip(spec)


def answered_attempt_count(question: Question) -> int:
    return (
        db.session.scalar(
            select(func.count(func.distinct(AttemptAnswer.attempt_id)))
            .join(Attempt, Attempt.id == AttemptAnswer.attempt_id)
            .where(AttemptAnswer.question_id == question.id, Attempt.status != "in_progress")
        )
        or 0
    )


def retire_question(actor, question: Question) -> str:
    """Delete an unused question; archive one that attempts or assessments refer to. Returns what was done."""
    used = db.session.scalar(select(exists().where(AttemptAnswer.question_id == question.id))) or db.session.scalar(
        select(exists().where(AssessmentItem.question_id == question.id))
    )
    if used:
        question.archived = True
        record(actor, "question.archive", question)
        return "archived"
    record(actor, "question.delete", question, name=question.name)
    db.session.delete(question)
    return "deleted"


# --- GIFT ----------------------------------------------------------------------------------------------


@dataclass
class ImportPlan:
    """What an import would do: questions with their category, or the reasons it cannot."""

    rows: list[tuple[str, QuestionFields]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.errors


def plan_import(data: bytes, default_category: str | None = None) -> ImportPlan:
    """Parse and check a GIFT file without touching the database."""
    if b"\x00" in data:
        return ImportPlan(errors=[str(_l("The file contains NUL characters: it is not a GIFT text file."))])
    try:
        parsed = gift.parse_bytes(data)
    except UnicodeDecodeError:
        return ImportPlan(errors=[gift.NOT_UTF8_MESSAGE])
    plan = ImportPlan(errors=[str(error) for error in parsed.errors])
    for q in parsed.questions:
        try:
            converted = gift_bridge.from_gift(q)
        except gift_bridge.UnsupportedQuestion as error:
            plan.errors.append(f"Line {q.line}: {error}")
            continue
        fields = QuestionFields(
            type=converted["type"],
            name=converted["name"],
            prompt=converted["prompt"],
            prompt_format=converted["prompt_format"],
            general_feedback=converted["general_feedback"],
            spec=converted["spec"],
            id_number=q.id_number,
            tags=list(q.tags),
        )
        issues = problems(fields)
        if issues:
            plan.errors.append(f"Line {q.line}: {' '.join(issues)}")
            continue
        plan.rows.append((clean_category_name(q.category or default_category), fields))
    if not parsed.questions and not parsed.errors:
        plan.errors.append("The file holds no questions.")
    return plan


def apply_import(actor, course, plan: ImportPlan) -> list[Question]:
    """All or nothing: a plan with any error imports no question."""
    if not plan.ok:
        raise BankError(_l("Nothing was imported: fix the errors listed and try again."))
    created = [
        save_question(actor, course, None, fields, category_name=category_name) for category_name, fields in plan.rows
    ]
    record(actor, "question.import", course, count=len(created))
    return created


def export_gift(course, category_ids: set[int] | None = None) -> str:
    stmt = (
        select(Question)
        .join(QuestionCategory, QuestionCategory.id == Question.category_id)
        .where(Question.course_id == course.id, Question.archived.is_(False))
        .order_by(QuestionCategory.name, Question.id)
        .options(selectinload(Question.category))
    )
    if category_ids:
        stmt = stmt.where(Question.category_id.in_(category_ids))
    questions = []
    for q in db.session.scalars(stmt):
        fields = {
            "type": q.type,
            "name": q.name,
            "prompt": q.prompt,
            "prompt_format": q.prompt_format,
            "general_feedback": q.general_feedback,
            "spec": q.spec,
        }
        exported = gift_bridge.to_gift(fields, q.category.name)
        exported.tags = list(q.tags or [])
        exported.id_number = q.id_number
        questions.append(exported)
    return gift.write(questions)
