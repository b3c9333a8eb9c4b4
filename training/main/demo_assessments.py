"""Demo assessments: a question bank, a rubric and two published assessments per demo course, with attempts.

Called by :func:`training.main.demo.seed_demo` after the courses. Each course's bank comes from
``demo_questions/<slug>.gift``; a course gets its bank, rubric, assessments and attempts only while it has no
question and no assessment, and only if the demo instructor who authors it teaches it (a course of the same
slug that someone else made is left alone). So seeding twice adds nothing, and seeding a database made before
assessments existed adds them. Everything goes through the assessment services (import, save, add, publish,
start, save, submit, grade), so the demo leaves the same audit trail as real use.

Every course has a timed final quiz (the whole bank, the essay graded with the rubric) and an untimed practice
set worth nothing towards the grade. The attempts follow :data:`PLAN`: finished ones are backdated into each
trainee's enrolment history, while the ones in progress are started minutes before seeding, on an untimed
assessment or well inside the time limit, so the trainee can still resume them after logging in.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select

from training.assessments import attempts, bank, builder, marking
from training.assessments.models import AUTOMATIC_TYPES, Assessment, Attempt, AttemptStatus, Question, Rubric
from training.auth.models import User
from training.courses.models import Course, Enrolment, ModuleProgress
from training.db import utcnow
from training.extensions import db
from training.main.demo_assessments_plan import (
    AWAITING,
    FAILED,
    IN_PROGRESS,
    PASSED,
    PLAN,
    QUIZ_MINUTES,
    TIMED_OUT,
    WORDING,
    WRONG_SHORT,
    Take,
)
from training.main.demo_courses import COURSES

QUESTIONS_DIR = Path(__file__).parent / "demo_questions"
ESSAY_POINTS = Decimal("5")  # the written plan weighs as much as five quiz questions


def seed_assessments(counts: dict[str, int], now: datetime | None = None) -> None:
    """Give each demo course without a bank its bank, rubric, assessments and attempts. No commit."""
    for key in ("banks", "assessments", "attempts"):
        counts.setdefault(key, 0)
    now = now or utcnow()
    courses = {c.slug: c for c in db.session.scalars(select(Course).where(Course.slug.in_([s.slug for s in COURSES])))}
    if not courses:
        return
    ids = [course.id for course in courses.values()]
    started = set(db.session.scalars(select(Question.course_id).where(Question.course_id.in_(ids)).distinct()))
    started |= set(db.session.scalars(select(Assessment.course_id).where(Assessment.course_id.in_(ids)).distinct()))
    emails = {spec.instructors[0] for spec in COURSES} | {take.email for takes in PLAN.values() for take in takes}
    users = {user.email: user for user in db.session.scalars(select(User).where(User.email.in_(emails)))}
    for spec in COURSES:
        course = courses.get(spec.slug)
        author = users.get(spec.instructors[0])
        path = QUESTIONS_DIR / f"{spec.slug}.gift"
        if course is None or course.id in started or author not in course.instructors or not path.exists():
            continue
        quiz, practice, rubric = _build(course, author, path)
        counts["banks"] += 1
        counts["assessments"] += 2
        counts["attempts"] += _attempts(course, quiz, practice, rubric, author, users, PLAN.get(spec.slug, ()), now)
    db.session.flush()


def _build(course: Course, author: User, path: Path) -> tuple[Assessment, Assessment, Rubric]:
    """Import the bank; write the rubric; publish the final quiz and the practice set."""
    plan = bank.plan_import(path.read_bytes())
    if not plan.ok:
        raise RuntimeError(f"demo questions {path.name}: " + "; ".join(plan.errors))
    questions = bank.apply_import(author, course, plan)
    words = WORDING.get(course.language, WORDING["en"])
    rubric = builder.save_rubric(author, course, None, words.rubric_title, words.rubric)
    closes = datetime.combine(course.ends_on, time(23, 59), tzinfo=UTC) if course.ends_on else None

    quiz = builder.save_assessment(
        author,
        course,
        None,
        builder.Settings(
            title=words.quiz,
            instructions=words.quiz_instructions,
            shuffle_options=True,
            passing_score=Decimal("60"),
            max_attempts=2,
            time_limit_minutes=QUIZ_MINUTES,
            closes_at=closes,
            grading_method="highest",
            review_policy="after_submit",
            weight=Decimal("1"),
        ),
    )
    for question in questions:  # the bank's introduction (a description) opens the quiz
        essay = question.type == "essay"
        builder.add_question(author, quiz, question, ESSAY_POINTS if essay else None, rubric if essay else None)
    builder.set_status(author, quiz, "published")

    practice = builder.save_assessment(
        author,
        course,
        None,
        builder.Settings(
            title=words.practice,
            instructions=words.practice_instructions,
            shuffle_questions=True,
            shuffle_options=True,
            passing_score=Decimal("60"),
            grading_method="highest",
            review_policy="after_submit",
            weight=Decimal("0"),
        ),
    )
    # A random draw from the largest category holding only automatically graded questions, plus fixed ones.
    by_category: dict[int, list[Question]] = {}
    for question in questions:
        by_category.setdefault(question.category_id, []).append(question)
    pure = [qs for qs in by_category.values() if len(qs) >= 3 and all(q.type in AUTOMATIC_TYPES for q in qs)]
    pool = max(pure, key=len, default=[])
    fixed = [q for q in questions if q.type in AUTOMATIC_TYPES and q not in pool][: 2 if pool else 4]
    for question in fixed:
        builder.add_question(author, practice, question)
    if pool:
        builder.add_draw(author, practice, pool[0].category, len(pool) - 1, Decimal("1"))
    builder.set_status(author, practice, "published")
    return quiz, practice, rubric


def _attempts(course, quiz, practice, rubric, grader, users, takes, now) -> int:
    """Play the plan's attempts for one course; returns how many were made."""
    if course.starts_on and course.starts_on > now.date():
        return 0
    enrolments = {
        e.user_id: e
        for e in db.session.scalars(
            select(Enrolment).where(Enrolment.course_id == course.id, Enrolment.status.in_(("active", "completed")))
        )
    }
    made = 0
    for email in dict.fromkeys(take.email for take in takes):
        user = users.get(email)
        enrolment = enrolments.get(getattr(user, "id", -1))
        if enrolment is None:
            continue
        mine = [take for take in takes if take.email == email]
        finished = [take for take in mine if take.ends != IN_PROGRESS]
        starts = iter(_schedule(enrolment, course, len(finished), now))
        for number, take in enumerate(mine, start=1):
            assessment = practice if take.practice else quiz
            # The practice set has no time limit; a quiz in progress started four minutes ago has 26 to go.
            when = now - timedelta(minutes=12 if take.practice else 4) if take.ends == IN_PROGRESS else next(starts)
            rng = random.Random(f"{course.slug}/{email}/{number}")  # the same demo on every run
            _play(take, assessment, user, rubric, grader, when, rng, now, course.slug)
            made += 1
    return made


def _schedule(enrolment: Enrolment, course: Course, n: int, now: datetime) -> list[datetime]:
    """When each of a trainee's n finished attempts started: towards the end of their study so far, in order,
    at an hour of their own (so the gradebook does not show everyone starting in the same minute)."""
    if enrolment.completed_at is not None:
        anchor = enrolment.completed_at
    else:
        last = db.session.scalar(
            select(func.max(ModuleProgress.completed_at)).where(ModuleProgress.enrolment_id == enrolment.id)
        )
        anchor = last or enrolment.requested_at + timedelta(days=3)
    floor = enrolment.requested_at + timedelta(hours=1)
    if course.starts_on:
        floor = max(floor, datetime.combine(course.starts_on, time(1), tzinfo=UTC))
    anchor = max(floor, min(anchor, now - timedelta(days=1)))
    rng = random.Random(f"{course.slug}/{enrolment.user_id}/schedule")
    starts = []
    for i in range(n):
        earliest = floor + timedelta(hours=12 * i, minutes=rng.randint(20, 300))
        wanted = anchor - timedelta(days=2 * (n - 1 - i), hours=rng.randint(2, 30), minutes=rng.randint(0, 59))
        starts.append(min(now - timedelta(days=1), max(earliest, wanted)))
    return starts


def _play(take: Take, assessment, user, rubric, grader, started, rng, now, slug) -> Attempt:
    attempt = attempts.start(assessment, user, started, rng)
    auto = [a for a in attempt.answers if a.question.type in AUTOMATIC_TYPES]
    essay = next((a for a in attempt.answers if a.question.type == "essay"), None)
    positions = [a.position for a in auto]
    wrong: set[int] = set()
    blank: set[int] = set()
    if take.ends in (PASSED, IN_PROGRESS):
        wrong = set(rng.sample(positions, 1))
    elif take.ends == AWAITING:
        wrong = set(rng.sample(positions, 2))
    elif take.ends == FAILED:
        right = set(rng.sample(positions, max(1, round(len(positions) * 0.35))))
        rest = [p for p in positions if p not in right]
        blank = set(rng.sample(rest, 1)) if len(rest) > 2 else set()
        wrong = set(rest) - blank
    elif take.ends == TIMED_OUT:  # answered the first half, a few of them wrong, before time ran out
        blank = set(positions[len(positions) // 2 :])
        wrong = set(rng.sample(positions[: len(positions) // 2], 2))
    responses = {
        a.position: _response(a.question, a.position not in wrong, rng, WRONG_SHORT.get(slug, "?"))
        for a in auto
        if a.position not in blank
    }
    if essay is not None and take.essay:
        responses[essay.position] = {"text": take.essay}

    if take.ends == IN_PROGRESS:  # half done, saved a few minutes ago
        half = dict(sorted(responses.items())[: max(1, len(responses) // 2)])
        attempts.save(attempt, half, now - timedelta(minutes=2))
        return _check(attempt, take)
    attempts.save(attempt, responses, started + timedelta(minutes=8 + rng.randint(0, 12)))
    if take.ends == TIMED_OUT:
        attempts.close_if_expired(attempt, attempt.deadline + timedelta(minutes=1))
    else:
        attempts.submit(attempt, started + timedelta(minutes=21 + rng.randint(0, 6)))
    # The instructor grades within two days, and before seeding.
    room = now - timedelta(hours=1) - attempt.submitted_at
    graded = attempt.submitted_at + min(timedelta(hours=rng.randint(5, 45)), room * rng.uniform(0.3, 0.9))
    if essay is not None and take.levels is not None and essay.needs_grading:
        choices = {c["id"]: c["levels"][level]["id"] for c, level in zip(rubric.criteria, take.levels, strict=True)}
        marking.grade_answer(grader, essay, feedback=take.feedback, rubric=rubric, choices=choices)
        essay.graded_at = graded
    if attempt.status == AttemptStatus.GRADED.value:
        attempt.graded_at = graded if essay is not None and essay.graded_by_id else attempt.submitted_at
    return _check(attempt, take)


def _check(attempt: Attempt, take: Take) -> Attempt:
    """The attempt must end as the plan says (a failing plan is a bug in PLAN, not a demo)."""
    expected = {
        PASSED: (AttemptStatus.GRADED.value, True),
        FAILED: (AttemptStatus.GRADED.value, False),
        TIMED_OUT: (AttemptStatus.GRADED.value, False),
        AWAITING: (AttemptStatus.AWAITING_GRADING.value, None),
        IN_PROGRESS: (AttemptStatus.IN_PROGRESS.value, None),
    }[take.ends]
    if (attempt.status, attempt.passed) != expected:
        raise RuntimeError(
            f"demo attempt of {take.email} at {attempt.assessment.title!r} ended {attempt.status} "
            f"(passed={attempt.passed}, {attempt.percent}%), not {take.ends}: check PLAN"
        )
    return attempt


def _response(question: Question, right: bool, rng: random.Random, wrong_text: str) -> dict:
    """What a trainee would answer: the key, or a realistic mistake (a distractor, the classic slip)."""
    spec = question.spec
    kind = question.type
    if kind == "single_choice":
        options = spec["options"]
        if right:
            return {"choice": max(options, key=lambda o: o["fraction"])["id"]}
        bad = [o for o in options if o["fraction"] <= 0] or [min(options, key=lambda o: o["fraction"])]
        return {"choice": rng.choice(bad)["id"]}
    if kind == "multiple_choice":
        good = [o["id"] for o in spec["options"] if o["fraction"] > 0]
        bad = [o["id"] for o in spec["options"] if o["fraction"] <= 0]
        return {"choices": good if right else rng.sample(bad, min(2, len(bad)))}
    if kind == "true_false":
        return {"value": bool(spec["answer"]) is right}
    if kind == "numeric":
        return {"value": _number(_numeric_value(spec["answers"], right))}
    if kind == "short_answer":
        return {"text": max(spec["answers"], key=lambda a: a["fraction"])["text"] if right else wrong_text}
    if kind == "matching":
        pairs = [p for p in spec["pairs"] if p["left"].strip()]
        shift = 0 if right else 1  # everything one place off
        return {"matches": {p["id"]: pairs[(i + shift) % len(pairs)]["right"] for i, p in enumerate(pairs)}}
    raise ValueError(kind)


def _numeric_value(answers: list[dict], right: bool) -> float:
    best = max(answers, key=lambda a: a["fraction"])
    centre = best["value"] if "value" in best else (best["low"] + best["high"]) / 2
    if right:
        return centre
    slip = next((a for a in answers if a["fraction"] <= 0 and "value" in a), None)
    if slip is not None:  # the mistake the question's feedback explains
        return slip["value"]
    close = next((a for a in answers if 0 < a["fraction"] < 1), None)
    if close is not None:  # near, for half the points
        if "low" in close:
            return close["low"]
        return close["value"] + (best.get("tolerance", 0) + close.get("tolerance", 0)) / 2
    return centre * 2


def _number(value: float) -> str:
    return f"{value:g}"
