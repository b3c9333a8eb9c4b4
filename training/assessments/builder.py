"""Assessment authoring rules: settings, questions and random draws, publishing, rubrics. Callers commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from training.assessments.models import (
    Assessment,
    AssessmentItem,
    AssessmentStatus,
    Attempt,
    Question,
    QuestionCategory,
    Rubric,
)
from training.audit.services import record
from training.extensions import db
from training.web import plain_number


class BuildError(ValueError):
    """A rule was broken; the message is safe to show. ``field`` names the form field it is about, if any."""

    def __init__(self, message, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass
class Settings:
    title: str
    instructions: str = ""
    module_id: int | None = None
    shuffle_questions: bool = False
    shuffle_options: bool = True
    passing_score: Decimal = Decimal("60")
    max_attempts: int | None = None
    time_limit_minutes: int | None = None
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    late_policy: str = "refuse"
    late_penalty: Decimal = Decimal("0")
    grading_method: str = "highest"
    review_policy: str = "after_submit"
    weight: Decimal = Decimal("1")
    required: bool = False


SETTING_NAMES = tuple(Settings.__dataclass_fields__)


def save_assessment(actor, course, assessment: Assessment | None, settings: Settings) -> Assessment:
    if settings.closes_at and settings.opens_at and settings.closes_at <= settings.opens_at:
        raise BuildError(_l("The close date must come after the open date."), "closes_at")
    if settings.review_policy == "after_close" and settings.closes_at is None:
        raise BuildError(_l("Set a close date to show answers after it, or choose another review option."), "closes_at")
    if settings.module_id is not None and settings.module_id not in {m.id for m in course.modules}:
        raise BuildError(_l("Choose a module of this course."), "module_id")
    creating = assessment is None
    if creating:
        position = db.session.scalar(
            select(func.coalesce(func.max(Assessment.position), 0)).where(Assessment.course_id == course.id)
        )
        assessment = Assessment(course_id=course.id, position=position + 1)
        db.session.add(assessment)
    before = {name: _plain(getattr(assessment, name, None)) for name in SETTING_NAMES}
    for name in SETTING_NAMES:
        setattr(assessment, name, getattr(settings, name))
    db.session.flush()
    after = {name: _plain(getattr(assessment, name)) for name in SETTING_NAMES}
    changes = {name: [before[name], after[name]] for name in SETTING_NAMES if before[name] != after[name]}
    record(actor, "assessment.create" if creating else "assessment.update", assessment, changes=changes)
    return assessment


def _plain(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def has_attempts(assessment: Assessment) -> bool:
    return bool(db.session.scalar(select(func.count()).where(Attempt.assessment_id == assessment.id)))


def _next_position(assessment: Assessment) -> int:
    return max((item.position for item in assessment.items), default=0) + 1


def add_question(
    actor, assessment: Assessment, question: Question, points: Decimal | None = None, rubric: Rubric | None = None
) -> AssessmentItem:
    if question.course_id != assessment.course_id or question.archived:
        raise BuildError(_l("Choose a question from this course's bank."))
    if any(item.question_id == question.id for item in assessment.items):
        raise BuildError(_l("That question is already in this assessment."))
    item = AssessmentItem(
        question=question,
        position=_next_position(assessment),
        points=question.points if points is None else points,
        rubric=rubric if question.type == "essay" else None,
    )
    assessment.items.append(item)
    db.session.flush()
    record(actor, "assessment.add_question", assessment, question_id=question.id, points=str(item.points))
    return item


def add_draw(
    actor, assessment: Assessment, category: QuestionCategory, count: int, points: Decimal, rubric: Rubric | None = None
) -> AssessmentItem:
    if category.course_id != assessment.course_id:
        raise BuildError(_l("Choose a category of this course's bank."))
    if count < 1:
        raise BuildError(_l("Draw at least one question."))
    available = pool_size(category)
    if count > available:
        raise BuildError(
            _l(
                "That category holds %(available)d question(s); you cannot draw %(count)d.",
                available=available,
                count=count,
            )
        )
    item = AssessmentItem(
        category=category, draw_count=count, position=_next_position(assessment), points=points, rubric=rubric
    )
    assessment.items.append(item)
    db.session.flush()
    record(actor, "assessment.add_draw", assessment, category=category.name, count=count, points=str(points))
    return item


def pool_size(category: QuestionCategory) -> int:
    return db.session.scalar(
        select(func.count()).where(Question.category_id == category.id, Question.archived.is_(False))
    )


def remove_item(actor, assessment: Assessment, item: AssessmentItem) -> None:
    record(actor, "assessment.remove_item", assessment, item_id=item.id, question_id=item.question_id)
    assessment.items.remove(item)


def move_item(actor, assessment: Assessment, item: AssessmentItem, direction: int) -> None:
    items = list(assessment.items)
    index = items.index(item)
    target = index + direction
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
        for position, each in enumerate(items, start=1):
            each.position = position


def total_points(assessment: Assessment) -> Decimal:
    total = Decimal(0)
    for item in assessment.items:
        if item.question_id:
            total += item.points if item.question.type != "description" else 0
        else:
            total += item.points * item.draw_count
    return total


def publish_problems(assessment: Assessment) -> list[str]:
    found = []
    if not assessment.items:
        found.append(str(_l("Add at least one question.")))
    elif total_points(assessment) <= 0:
        found.append(str(_l("The questions carry no points.")))
    # Draws never repeat a fixed question nor each other, so a category must hold enough questions for all
    # the draws from it plus the fixed questions of the assessment that sit in it.
    fixed = [item.question for item in assessment.items if item.question_id]
    drawn: dict[int, list[AssessmentItem]] = {}
    for item in assessment.items:
        if item.category_id:
            drawn.setdefault(item.category_id, []).append(item)
    for items in drawn.values():
        category = items[0].category
        needed = sum(item.draw_count for item in items)
        needed += sum(1 for q in fixed if q.category_id == category.id and not q.archived)
        if pool_size(category) < needed:
            found.append(
                str(_l("The category “%(name)s” holds fewer than %(n)d questions.", name=category.name, n=needed))
            )
    return found


def set_status(actor, assessment: Assessment, status: str) -> None:
    if status == AssessmentStatus.PUBLISHED.value:
        problems = publish_problems(assessment)
        if problems:
            raise BuildError(" ".join(problems))
    elif status != AssessmentStatus.DRAFT.value:
        raise BuildError(_l("Unknown status."))
    record(actor, "assessment.status", assessment, old=assessment.status, new=status)
    assessment.status = status


def delete_assessment(actor, assessment: Assessment) -> None:
    if has_attempts(assessment):
        raise BuildError(_l("Trainees have attempted this assessment; unpublish it instead of deleting it."))
    record(actor, "assessment.delete", assessment, title=assessment.title)
    db.session.delete(assessment)


# --- Rubrics -------------------------------------------------------------------------------------------


def parse_rubric(text: str) -> list[dict]:
    """Criteria from text: one criterion per line, ``Title: Level=points; Level=points; ...``."""
    criteria, errors = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        title, sep, rest = line.partition(":")
        levels = []
        for n, chunk in enumerate(rest.split(";"), start=1):
            if not chunk.strip():
                continue
            label, eq, points = chunk.rpartition("=")
            try:
                value = Decimal(points.strip())
            except ArithmeticError:
                value = None
            # is_finite first: comparing a NaN raises InvalidOperation.
            if not eq or not label.strip() or value is None or not value.is_finite() or value < 0:
                errors.append(str(_l("Line %(n)d: write each level as “Level name=points”, e.g. “Good=3”.", n=number)))
                break
            levels.append({"id": f"l{n}", "title": label.strip()[:200], "points": float(value)})
        if not sep or not title.strip() or len(levels) < 2:
            errors.append(str(_l("Line %(n)d: a criterion needs a title, a colon and at least two levels.", n=number)))
            continue
        criteria.append({"id": f"c{len(criteria) + 1}", "title": title.strip()[:200], "levels": levels})
    if errors:
        raise BuildError(" ".join(dict.fromkeys(errors)))
    if not criteria:
        raise BuildError(_l("Write at least one criterion."))
    return criteria


def rubric_text(rubric: Rubric) -> str:
    return "\n".join(
        f"{c['title']}: " + "; ".join(f"{lv['title']}={plain_number(lv['points'])}" for lv in c["levels"])
        for c in rubric.criteria
    )


def save_rubric(actor, course, rubric: Rubric | None, title: str, text: str) -> Rubric:
    criteria = parse_rubric(text)
    if rubric is None:
        rubric = Rubric(course_id=course.id)
        db.session.add(rubric)
    rubric.title = title.strip()[:200]
    rubric.criteria = criteria
    db.session.flush()
    record(actor, "rubric.save", rubric, title=rubric.title)
    return rubric


def rubrics(course) -> list[Rubric]:
    return list(db.session.scalars(select(Rubric).where(Rubric.course_id == course.id).order_by(Rubric.title)))


def course_assessments(course, published_only: bool = False) -> list[Assessment]:
    stmt = select(Assessment).where(Assessment.course_id == course.id).order_by(Assessment.position, Assessment.id)
    if published_only:
        stmt = stmt.where(Assessment.status == AssessmentStatus.PUBLISHED.value)
    return list(db.session.scalars(stmt))
