"""Assessments blueprint: loaders shared by the bank, assessment, attempt and grading views (sibling modules)."""

from __future__ import annotations

from flask import Blueprint, abort, request
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from training import policy
from training.assessments.models import Assessment, AssessmentItem, Attempt, AttemptAnswer, Question, Rubric
from training.courses.routes import load_course
from training.extensions import db

bp = Blueprint("assessments", __name__, url_prefix="/courses")


def int_arg(name: str) -> int | None:
    """A positive id from the query string, or None for anything else (junk, huge numbers, negatives)."""
    value = request.args.get(name, "")
    if value.isascii() and value.isdecimal() and 0 < int(value) < 2**31:
        return int(value)
    return None


def load_question(course, question_id: int) -> Question:
    question = db.session.get(Question, question_id)
    if question is None or question.course_id != course.id:
        abort(404)
    return question


def load_rubric(course, rubric_id: int) -> Rubric:
    rubric = db.session.get(Rubric, rubric_id)
    if rubric is None or rubric.course_id != course.id:
        abort(404)
    return rubric


def load_assessment(course, assessment_id: int) -> Assessment:
    assessment = db.session.scalar(
        select(Assessment)
        .where(Assessment.id == assessment_id, Assessment.course_id == course.id)
        .options(
            selectinload(Assessment.items).selectinload(AssessmentItem.question),
            selectinload(Assessment.items).selectinload(AssessmentItem.category),
            selectinload(Assessment.items).selectinload(AssessmentItem.rubric),
        )
    )
    if assessment is None:
        abort(404)
    return assessment


def load_attempt(slug: str, attempt_id: int, action: str = "attempt.view", related: bool = True) -> Attempt:
    """The attempt if it belongs to this course and the user may see it; else 404 (a trainee never learns
    that another's attempt exists). ``related=False``: the course without its modules and links (see load_course)."""
    course = load_course(slug, "course.view", related=related)
    attempt = db.session.scalar(
        select(Attempt)
        .where(Attempt.id == attempt_id)
        .options(selectinload(Attempt.answers).selectinload(AttemptAnswer.question), selectinload(Attempt.assessment))
    )
    if attempt is None or attempt.assessment.course_id != course.id or not policy.can(action, attempt):
        abort(404)
    return attempt


from training.assessments import views_assessments, views_attempts, views_bank, views_grading  # noqa: E402,F401
