"""Attempt rules: who may start, the server-side deadline, saving answers, submitting once. Callers commit.

The clock is always the server's: ``now`` is passed in so tests can move it.
An attempt past its deadline is closed with what was saved, whenever anyone
next looks at it (the trainee, a grader, the gradebook) or by the
``close-expired-attempts`` command.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from training.assessments import marking
from training.assessments.models import (
    Assessment,
    Attempt,
    AttemptAnswer,
    AttemptStatus,
    LatePolicy,
    Question,
)
from training.courses.models import Enrolment
from training.extensions import db

MAX_TEXT = 20_000  # characters kept of one typed answer


class AttemptError(ValueError):
    """The attempt cannot do that now; the message is safe to show."""


def attempts_by_assessment(assessments, user) -> dict[int, list[Attempt]]:
    """The user's attempts at each of ``assessments`` (in order), in one query: {assessment id: attempts}."""
    found: dict[int, list[Attempt]] = {assessment.id: [] for assessment in assessments}
    if found:
        for attempt in db.session.scalars(
            select(Attempt)
            .where(Attempt.assessment_id.in_(list(found)), Attempt.user_id == user.id)
            .order_by(Attempt.assessment_id, Attempt.number)
        ):
            found[attempt.assessment_id].append(attempt)
    return found


def attempts_of(assessment: Assessment, user) -> list[Attempt]:
    return list(
        db.session.scalars(
            select(Attempt)
            .where(Attempt.assessment_id == assessment.id, Attempt.user_id == user.id)
            .order_by(Attempt.number)
        )
    )


@dataclass
class Availability:
    can_start: bool
    reason: str = ""  # lazily translated  # why not, in words for the trainee
    late: bool = False


def availability(assessment: Assessment, attempts: list[Attempt], now: datetime) -> Availability:
    if not assessment.items:
        return Availability(False, _l("This assessment has no questions yet."))
    if assessment.opens_at and now < assessment.opens_at:
        return Availability(False, _l("This assessment is not open yet."))
    late = bool(assessment.closes_at and now >= assessment.closes_at)
    if late and assessment.late_policy == LatePolicy.REFUSE.value:
        return Availability(False, _l("This assessment is closed."))
    if any(a.in_progress for a in attempts):
        return Availability(False, _l("You have an attempt in progress."))
    if assessment.max_attempts is not None and len(attempts) >= assessment.max_attempts:
        return Availability(False, _l("You have used all your attempts."))
    return Availability(True, late=late)


def deadline_for(assessment: Assessment, started: datetime) -> datetime | None:
    ends = []
    if assessment.time_limit_minutes:
        ends.append(started + timedelta(minutes=assessment.time_limit_minutes))
    if assessment.closes_at and assessment.late_policy == LatePolicy.REFUSE.value and started < assessment.closes_at:
        ends.append(assessment.closes_at)
    return min(ends) if ends else None


def _lock_enrolment(assessment: Assessment, user) -> None:
    """Serialise one trainee's starts on one course (two tabs, a double click) on PostgreSQL."""
    db.session.execute(
        select(Enrolment.id)
        .where(Enrolment.user_id == user.id, Enrolment.course_id == assessment.course_id)
        .with_for_update()
    )


def start(assessment: Assessment, user, now: datetime, rng: random.Random | None = None) -> Attempt:
    """Start a new attempt, or return the one already in progress (resume)."""
    _lock_enrolment(assessment, user)
    previous = attempts_of(assessment, user)
    for attempt in previous:
        if attempt.in_progress:
            if close_if_expired(attempt, now):
                continue
            return attempt
    state = availability(assessment, previous, now)
    if not state.can_start:
        raise AttemptError(state.reason)
    rng = rng or random.SystemRandom()
    attempt = Attempt(
        assessment_id=assessment.id,
        user_id=user.id,
        number=len(previous) + 1,
        started_at=now,
        deadline=deadline_for(assessment, now),
        late=state.late,
    )
    db.session.add(attempt)
    slots = _draw(assessment, rng)
    if assessment.shuffle_questions:
        rng.shuffle(slots)
    for position, (item, question) in enumerate(slots, start=1):
        attempt.answers.append(
            AttemptAnswer(
                position=position,
                question_id=question.id,
                question=question,
                item_id=item.id,
                points=item.points if question.graded else 0,
                option_order=_option_order(question, assessment.shuffle_options, rng),
            )
        )
    attempt.max_score = sum((a.points for a in attempt.answers), start=0)
    db.session.flush()
    return attempt


def _draw(assessment: Assessment, rng: random.Random) -> list[tuple]:
    """(item, question) slots: fixed questions as they are, random draws without repeats."""
    fixed_ids = {item.question_id for item in assessment.items if item.question_id}
    slots, taken = [], set(fixed_ids)
    for item in assessment.items:
        if item.question_id:
            slots.append((item, item.question))
            continue
        pool = list(
            db.session.scalars(
                select(Question)
                .where(Question.category_id == item.category_id, Question.archived.is_(False))
                .order_by(Question.id)
            )
        )
        pool = [q for q in pool if q.id not in taken]
        chosen = rng.sample(pool, min(item.draw_count, len(pool)))
        taken.update(q.id for q in chosen)
        slots.extend((item, q) for q in chosen)
    return slots


def _option_order(question: Question, shuffle: bool, rng: random.Random) -> list | None:
    spec = question.spec or {}
    if question.type in ("single_choice", "multiple_choice"):
        ids = [o["id"] for o in spec.get("options", [])]
        if shuffle and spec.get("shuffle", True):
            rng.shuffle(ids)
        return ids
    if question.type == "matching":
        # The right-hand choices, distractors included, de-duplicated; always shuffled (else the key shows).
        rights = sorted({p["right"] for p in spec.get("pairs", [])})
        rng.shuffle(rights)
        return rights
    return None


def expired(attempt: Attempt, now: datetime) -> bool:
    return attempt.in_progress and attempt.deadline is not None and now >= attempt.deadline


def close_if_expired(attempt: Attempt, now: datetime) -> bool:
    """Submit an overdue attempt with what was saved. True if this call closed it."""
    if not expired(attempt, now):
        return False
    return submit(attempt, attempt.deadline, by_timer=True)


def close_expired(now: datetime, assessment_ids: list[int] | None = None, user_id: int | None = None) -> int:
    """Close every overdue attempt (of these assessments, of this user). Returns how many this call closed."""
    stmt = select(Attempt).where(
        Attempt.status == AttemptStatus.IN_PROGRESS.value, Attempt.deadline.is_not(None), Attempt.deadline <= now
    )
    if assessment_ids is not None:
        stmt = stmt.where(Attempt.assessment_id.in_(assessment_ids))
    if user_id is not None:
        stmt = stmt.where(Attempt.user_id == user_id)
    return sum(1 for attempt in db.session.scalars(stmt).all() if close_if_expired(attempt, now))


def save(attempt: Attempt, responses: dict[int, object], now: datetime) -> int:
    """Store responses by answer position. Refused once the attempt is closed or past its deadline."""
    if close_if_expired(attempt, now):
        raise AttemptError(_l("Time is up: your attempt was submitted with the answers saved before the deadline."))
    if not attempt.in_progress:
        raise AttemptError(_l("This attempt has been submitted; it can no longer be changed."))
    by_position = {answer.position: answer for answer in attempt.answers}
    saved = 0
    for position, response in responses.items():
        answer = by_position.get(position)
        if answer is None or answer.question.type == "description":
            continue
        answer.response = clean_response(answer.question.type, response)
        answer.saved_at = now
        saved += 1
    return saved


def clean_response(qtype: str, raw) -> dict | None:
    """Keep only the shape a question type expects, with bounded sizes; anything else is 'not answered'."""
    if not isinstance(raw, dict):
        return None
    if qtype == "single_choice" and isinstance(raw.get("choice"), str):
        return {"choice": raw["choice"][:20]}
    if qtype == "multiple_choice" and isinstance(raw.get("choices"), list):
        return {"choices": sorted({c[:20] for c in raw["choices"] if isinstance(c, str)})[:100]}
    if qtype == "true_false" and isinstance(raw.get("value"), bool):
        return {"value": raw["value"]}
    if qtype in ("numeric", "short_answer") and isinstance(raw.get("value" if qtype == "numeric" else "text"), str):
        key = "value" if qtype == "numeric" else "text"
        return {key: raw[key][:200]} if raw[key].strip() else None
    if qtype == "matching" and isinstance(raw.get("matches"), dict):
        matches = {
            k[:20]: v[:500]
            for k, v in list(raw["matches"].items())[:100]
            if isinstance(k, str) and isinstance(v, str) and v
        }
        return {"matches": matches} if matches else None
    if qtype == "essay" and isinstance(raw.get("text"), str):
        return {"text": raw["text"][:MAX_TEXT]} if raw["text"].strip() else None
    return None


def submit(attempt: Attempt, now: datetime, *, by_timer: bool = False) -> bool:
    """Submit and grade, once. The conditional UPDATE lets exactly one of two racing requests win.

    Returns True if this call submitted the attempt, False if it was already submitted.
    """
    if not by_timer and expired(attempt, now):
        close_if_expired(attempt, now)
        raise AttemptError(_l("Time is up: your attempt was submitted with the answers saved before the deadline."))
    claimed = db.session.execute(
        update(Attempt)
        .where(Attempt.id == attempt.id, Attempt.status == AttemptStatus.IN_PROGRESS.value)
        .values(status=AttemptStatus.AWAITING_GRADING.value, submitted_at=now, closed_by_timer=by_timer)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        db.session.refresh(attempt)
        return False
    db.session.refresh(attempt, ["status", "submitted_at", "closed_by_timer"])
    closes = attempt.assessment.closes_at
    if closes is not None and now > closes:
        attempt.late = True
    marking.grade_submitted(attempt)
    return True
