"""Learning progress: completing modules, resuming, progress figures in batch (no query per row)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from training.audit.services import record
from training.courses.models import Enrolment, EnrolmentStatus, Module, ModuleProgress
from training.db import utcnow
from training.extensions import db


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    next_module_id: int | None

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def completed_module_ids(enrolment: Enrolment) -> set[int]:
    return set(db.session.scalars(select(ModuleProgress.module_id).where(ModuleProgress.enrolment_id == enrolment.id)))


def visit(enrolment: Enrolment, module: Module) -> bool:
    """Remember the module as where to resume; True if that changed (the caller then commits)."""
    if enrolment.last_module_id == module.id:
        return False
    enrolment.last_module_id = module.id
    return True


def mark_complete(enrolment: Enrolment, module: Module) -> bool:
    """Record the module as done; completes the enrolment when every required module is done."""
    if module.id in completed_module_ids(enrolment):
        return False
    db.session.add(ModuleProgress(enrolment_id=enrolment.id, module_id=module.id))
    enrolment.last_module_id = module.id
    db.session.flush()
    required = {m.id for m in module.course.modules if m.required}
    if enrolment.status == EnrolmentStatus.ACTIVE.value and required <= completed_module_ids(enrolment):
        enrolment.status = EnrolmentStatus.COMPLETED.value
        enrolment.completed_at = enrolment.status_changed_at = utcnow()
        record(
            enrolment.user, "enrolment.completed", enrolment, course_id=enrolment.course_id, user_id=enrolment.user_id
        )
    from training.certificates.services import after_change  # the certificate may now be due

    after_change(enrolment.user_id, enrolment.course_id)
    return True


def resume_module(enrolment: Enrolment, modules: list[Module]) -> Module | None:
    """Where the trainee left off: the first module not yet done, else the last one visited."""
    if not modules:
        return None
    done = completed_module_ids(enrolment)
    for module in modules:
        if module.id not in done:
            return module
    return next((m for m in modules if m.id == enrolment.last_module_id), modules[0])


def progress_for(enrolments: list[Enrolment], modules_loaded: bool = False) -> dict[int, Progress]:
    """Progress of many enrolments in two queries, whatever their number.

    ``modules_loaded``: the caller loaded each ``enrolment.course.modules`` (the dashboard does, for the next
    module's title); they are read from there instead of a query (one query then).
    """
    if not enrolments:
        return {}
    by_course: dict[int, list[int]] = {}
    if modules_loaded:
        for e in enrolments:
            by_course[e.course_id] = [m.id for m in e.course.modules]
    else:
        course_ids = {e.course_id for e in enrolments}
        modules = db.session.execute(
            select(Module.course_id, Module.id).where(Module.course_id.in_(course_ids)).order_by(Module.position)
        ).all()
        for course_id, module_id in modules:
            by_course.setdefault(course_id, []).append(module_id)
    done_rows = db.session.execute(
        select(ModuleProgress.enrolment_id, ModuleProgress.module_id).where(
            ModuleProgress.enrolment_id.in_([e.id for e in enrolments])
        )
    ).all()
    done: dict[int, set[int]] = {}
    for enrolment_id, module_id in done_rows:
        done.setdefault(enrolment_id, set()).add(module_id)
    result = {}
    for enrolment in enrolments:
        course_modules = by_course.get(enrolment.course_id, [])
        finished = done.get(enrolment.id, set()) & set(course_modules)
        upcoming = next((m for m in course_modules if m not in finished), None)
        result[enrolment.id] = Progress(len(finished), len(course_modules), upcoming)
    return result
