"""Completion rules: what a trainee must do for a course's certificate, and what is still missing.

The rules, set per course: every required module complete, every required assessment passed, and the
course grade at least the optional minimum. ``evaluate`` reads progress and grades as they are now.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from training.assessments import gradebook
from training.courses.models import SEAT_HOLDING, Enrolment
from training.courses.progress import completed_module_ids


@dataclass
class Completion:
    met: bool
    missing: list[str] = field(default_factory=list)  # in words for the trainee
    grade: Decimal | None = None
    modules_done: int = 0
    modules_required: int = 0


def evaluate(enrolment: Enrolment) -> Completion:
    course = enrolment.course
    missing: list = []
    required = [m for m in course.modules if m.required]
    done = completed_module_ids(enrolment)
    left = [m for m in required if m.id not in done]
    for module in left:
        missing.append(_l("Complete the module “%(title)s”.", title=module.title))
    assessments, row = gradebook.own_row(course, enrolment.user)
    for assessment in assessments:
        if assessment.required and not row.cells[assessment.id].passed:
            cell = row.cells[assessment.id]
            if cell.pending:
                missing.append(_l("Wait for “%(title)s” to be graded.", title=assessment.title))
            else:
                missing.append(_l("Pass the assessment “%(title)s”.", title=assessment.title))
    minimum = course.certificate_min_grade
    if minimum is not None and (row.grade is None or row.grade < minimum):
        missing.append(
            _l(
                "Reach a course grade of %(minimum)s %% (now %(grade)s %%).",
                minimum=f"{minimum.normalize():f}",
                grade=f"{(row.grade or 0):.1f}",
            )
        )
    return Completion(
        met=not missing and enrolment.status in SEAT_HOLDING,
        missing=[str(m) for m in missing],
        grade=row.grade,
        modules_done=len(required) - len(left),
        modules_required=len(required),
    )
