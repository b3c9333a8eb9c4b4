"""Course grades in SQL, for many enrolments at once: the gradebook's rule (``gradebook.course_grade``) as a
query, for the pages that aggregate them (reports, the partner portal).

A course grade is the weighted mean of what counts of each published, weighted assessment (highest, last
or average graded attempt, by its grading method); an assessment with no graded attempt counts 0.
"""

from __future__ import annotations

from sqlalchemy import and_, case, func, literal_column, select
from sqlalchemy.orm import aliased

from training.assessments.models import Assessment, AssessmentStatus, Attempt, AttemptStatus, GradingMethod


def course_results(cohort):
    """One row per enrolment of ``cohort`` (a subquery with ``enrolment_id``, ``user_id``, ``course_id``) in a
    course with weighted assessments: ``grade`` (percent, 2 decimals) and how many weighted assessments are
    ``counted`` (graded), ``passed``, ``failed`` and ``waiting`` (an attempt awaits grading), of ``weighted``."""
    graded = (
        select(
            Attempt.user_id.label("user_id"),
            Attempt.assessment_id.label("assessment_id"),
            func.max(Attempt.percent).label("best"),
            func.avg(Attempt.percent).label("mean"),
            func.max(Attempt.number).label("last_number"),
        )
        .where(Attempt.status == AttemptStatus.GRADED.value, Attempt.percent.is_not(None))
        .group_by(Attempt.user_id, Attempt.assessment_id)
        .subquery("graded")
    )
    waiting = (
        select(Attempt.user_id.label("user_id"), Attempt.assessment_id.label("assessment_id"))
        .where(Attempt.status == AttemptStatus.AWAITING_GRADING.value)
        .distinct()
        .subquery("waiting")
    )
    last = aliased(Attempt)
    counted = case(
        (Assessment.grading_method == GradingMethod.LAST.value, last.percent),
        (Assessment.grading_method == GradingMethod.AVERAGE.value, func.round(graded.c.mean, literal_column("2"))),
        else_=graded.c.best,
    )
    cells = (
        select(
            cohort.c.enrolment_id,
            cohort.c.course_id,
            counted.label("percent"),
            Assessment.weight.label("weight"),
            Assessment.passing_score.label("passing_score"),
            case((waiting.c.user_id.is_not(None), 1), else_=0).label("waiting"),
        )
        .select_from(cohort)
        .join(
            Assessment,
            and_(
                Assessment.course_id == cohort.c.course_id,
                Assessment.status == AssessmentStatus.PUBLISHED.value,
                Assessment.weight > 0,
            ),
        )
        .outerjoin(graded, and_(graded.c.user_id == cohort.c.user_id, graded.c.assessment_id == Assessment.id))
        .outerjoin(
            last,
            and_(
                last.user_id == cohort.c.user_id,
                last.assessment_id == Assessment.id,
                last.number == graded.c.last_number,
            ),
        )
        .outerjoin(waiting, and_(waiting.c.user_id == cohort.c.user_id, waiting.c.assessment_id == Assessment.id))
        .subquery("cells")
    )
    # literal "1.0": a numeric on PostgreSQL, a real on SQLite (where integer / integer would truncate).
    weighted_sum = func.sum(func.coalesce(cells.c.percent, literal_column("0")) * cells.c.weight)
    grade = func.round(weighted_sum * literal_column("1.0") / func.sum(cells.c.weight), literal_column("2"))
    return (
        select(
            cells.c.enrolment_id,
            cells.c.course_id,
            grade.label("grade"),
            func.count(cells.c.percent).label("counted"),
            func.count().label("weighted"),
            func.sum(case((cells.c.percent >= cells.c.passing_score, 1), else_=0)).label("passed"),
            func.sum(case((cells.c.percent < cells.c.passing_score, 1), else_=0)).label("failed"),
            func.sum(cells.c.waiting).label("waiting"),
        )
        .group_by(cells.c.enrolment_id, cells.c.course_id)
        .subquery("results")
    )
