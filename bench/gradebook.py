"""On-demand benchmark of the gradebook page and its CSV export on PostgreSQL (not part of the unit tests).

Creates a throwaway database per size (50 and 2,000 trainees on one course with 5 published assessments),
migrates it to head, seeds it in bulk, measures the gradebook page and the streamed CSV export with the
app's own test client (median, p95, SQL queries per request, time to first CSV chunk, bytes, peak Python
memory), prints small vs large with ratios and the SQL statements of each request, runs EXPLAIN ANALYZE on the
gradebook's queries (the attempts query again once 19 other courses' attempts share the table) and drops the
databases (also on error or Ctrl-C). Run: ``make bench-gradebook`` or ``.venv/bin/python -m bench.gradebook``.
Helpers (server check, database lifecycle, timing, login, EXPLAIN) come from ``bench.catalog``.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select, text

from bench.catalog import (
    COUNTRIES,
    DEFAULT_SERVER,
    PASSWORD,
    QueryCounter,
    Result,
    Seeded,
    explain_plan,
    insert_rows,
    interrupt_on_sigterm,
    log,
    log_plan,
    login,
    measure,
    p95,
    plan_indexes,
    report,
    seeded_database,
    server_from,
    weighted,
)
from tests.factories import Browser

SIZES = {"small": 50, "large": 2_000}  # trainees enrolled (active or completed) on the measured course
ASSESSMENTS = 5
QUESTIONS = 10  # per assessment: 9 single-choice (1 point) and 1 essay (5 points)
ESSAY_POINTS = 5
MAX_SCORE = (QUESTIONS - 1) + ESSAY_POINTS
ATTEMPT_WEIGHTS = {"1": 50, "2": 35, "3": 15}  # graded attempts per trainee and assessment
AWAITING_LAST = 0.08  # chance that the last attempt still awaits grading (~5 % of all attempts)
GRADING_METHODS = ["highest", "highest", "last", "average", "highest"]
WEIGHTS = [Decimal("1"), Decimal("1"), Decimal("1"), Decimal("1"), Decimal("2")]  # the last is the final exam
INSTITUTIONS = 10
OTHER_COURSES = 19  # EXPLAIN only: the attempts table as it looks with 20 courses of the same size
PER_PAGE = 50  # the gradebook view's page size
ATTEMPT_INDEXES = ("ix_attempts_user_id_assessment_id", "ix_attempts_assessment_id_status")
GRADEBOOK_INDEXES = ATTEMPT_INDEXES + (
    "ix_attempts_status_deadline",
    "ix_enrolments_course_status",
    "ix_assessments_course_id_position",
)


# --- Seeding --------------------------------------------------------------------------------------


def seed(conn, size: str, trainees: int, rng: random.Random) -> Seeded:
    from werkzeug.security import generate_password_hash

    from training.auth.models import User, UserRole
    from training.courses.models import Course, Enrolment, Module, course_instructors
    from training.institutions.models import Institution

    out = Seeded()
    counts = out.counts
    now = datetime.now(UTC).replace(microsecond=0)
    password_hash = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")

    insert_rows(
        conn,
        Institution.__table__,
        [
            {
                "name": f"Bench Gradebook Institute {i:02d}",
                "short_name": f"BG{i:02d}",
                "sector": "government",
                "country": COUNTRIES[i % len(COUNTRIES)],
            }
            for i in range(INSTITUTIONS)
        ],
        "institutions",
        size,
        counts,
    )
    institution_ids = list(conn.execute(select(Institution.id)).scalars())

    out.instructor_email = "instructor@bench.example"
    users = [
        {
            "email": out.instructor_email,
            "name": "Bench Instructor",
            "password_hash": password_hash,
            "country": "JP",
            "email_confirmed_at": now,
        }
    ]
    # Names in random order, so sorting by name is not the insertion order.
    numbers = rng.sample(range(trainees), trainees)
    users += [
        {
            "email": f"trainee{i:06d}@bench.example",
            "name": f"{rng.choice(['Aiko', 'Budi', 'Chen', 'Dao', 'Emi', 'Farid', 'Ganbaatar', 'Hana'])} {i:06d}",
            "password_hash": password_hash,
            "country": rng.choice(COUNTRIES),
            "institution_id": rng.choice(institution_ids) if rng.random() < 0.6 else None,
            "email_confirmed_at": now,
        }
        for i in numbers
    ]
    insert_rows(conn, User.__table__, users, "users", size, counts)
    user_ids = dict(conn.execute(select(User.email, User.id)).all())
    instructor_id = user_ids[out.instructor_email]
    trainee_ids = [user_ids[u["email"]] for u in users[1:]]
    roles = [{"user_id": instructor_id, "role": "instructor"}] + [
        {"user_id": uid, "role": "trainee"} for uid in trainee_ids
    ]
    insert_rows(conn, UserRole.__table__, roles, "user roles", size, counts)

    out.hot_slug = f"bench-gradebook-{size}"
    insert_rows(
        conn,
        Course.__table__,
        [
            {
                "slug": out.hot_slug,
                "title": "Waste management: assessed course",
                "summary": "A course with five assessed quizzes.",
                "language": "en",
                "level": "intermediate",
                "estimated_hours": 12,
                "enrolment_mode": "open",
                "status": "published",
                "created_by_id": instructor_id,
                "created_at": now - timedelta(days=200),
                "published_at": now - timedelta(days=180),
            }
        ],
        "courses",
        size,
        counts,
    )
    course_id = conn.execute(select(Course.id).where(Course.slug == out.hot_slug)).scalar_one()
    insert_rows(
        conn, course_instructors, [{"course_id": course_id, "user_id": instructor_id}], "instructors", size, counts
    )
    insert_rows(
        conn,
        Module.__table__,
        [
            {"course_id": course_id, "position": p, "title": f"Module {p + 1}", "body": "Reading.", "required": True}
            for p in range(ASSESSMENTS)
        ],
        "modules",
        size,
        counts,
    )
    module_ids = list(
        conn.execute(select(Module.id).where(Module.course_id == course_id).order_by(Module.position)).scalars()
    )
    enrolments = []
    for uid in trainee_ids:
        requested = now - timedelta(days=170, minutes=rng.randrange(30 * 24 * 60))
        completed = rng.random() < 0.2
        enrolments.append(
            {
                "user_id": uid,
                "course_id": course_id,
                "status": "completed" if completed else "active",
                "requested_at": requested,
                "status_changed_at": requested + timedelta(days=160) if completed else requested,
                "completed_at": requested + timedelta(days=160) if completed else None,
            }
        )
    insert_rows(conn, Enrolment.__table__, enrolments, "enrolments", size, counts)
    seed_assessments(conn, size, counts, course_id, module_ids, instructor_id, trainee_ids, rng, now)
    return out


def seed_assessments(
    conn,
    size: str,
    counts: dict,
    course_id: int,
    module_ids: list[int],
    instructor_id: int,
    trainee_ids: list[int],
    rng: random.Random,
    now: datetime,
    assessments: int = ASSESSMENTS,
    every_answer: bool = False,
) -> list[int]:
    """Published assessments of ``QUESTIONS`` questions on a course and 1-3 submitted attempts per trainee and
    assessment (graded, the last one sometimes awaiting grading). Returns the assessments' ids, by position.

    Attempt answers: only the essays awaiting grading (what the grading queue reads), or with ``every_answer`` one
    row per question of every attempt (``attempt_answers`` by ``COPY``).
    """
    from training.assessments.models import (
        Assessment,
        AssessmentItem,
        Attempt,
        AttemptAnswer,
        Question,
        QuestionCategory,
    )

    step = 150 // assessments  # days between two assessments' openings (30 for 5)
    insert_rows(
        conn,
        QuestionCategory.__table__,
        [{"course_id": course_id, "name": f"Module {a + 1}/Quiz"} for a in range(assessments)],
        "question categories",
        size,
        counts,
    )
    category_ids = list(
        conn.execute(
            select(QuestionCategory.id).where(QuestionCategory.course_id == course_id).order_by(QuestionCategory.id)
        ).scalars()
    )
    choice_spec = {
        "options": [
            {"id": f"o{k}", "text": f"Option {k}", "fraction": 1.0 if k == 1 else 0.0, "feedback": ""}
            for k in range(1, 5)
        ],
        "shuffle": True,
    }
    questions = []
    for a in range(assessments):
        for q in range(QUESTIONS):
            essay = q == QUESTIONS - 1
            questions.append(
                {
                    "course_id": course_id,
                    "category_id": category_ids[a],
                    "module_id": module_ids[a % len(module_ids)],
                    "type": "essay" if essay else "single_choice",
                    "name": f"M{a + 1} Q{q + 1}",
                    "prompt": f"Question {q + 1} of module {a + 1}.",
                    "points": Decimal(ESSAY_POINTS if essay else 1),
                    "spec": {} if essay else choice_spec,
                    "created_by_id": instructor_id,
                }
            )
    insert_rows(conn, Question.__table__, questions, "questions", size, counts)
    question_ids = list(
        conn.execute(select(Question.id).where(Question.course_id == course_id).order_by(Question.id)).scalars()
    )

    insert_rows(
        conn,
        Assessment.__table__,
        [
            {
                "course_id": course_id,
                "module_id": module_ids[a % len(module_ids)],
                "title": "Final exam" if a == assessments - 1 else f"Quiz {a + 1}",
                "status": "published",
                "passing_score": Decimal("60"),
                "max_attempts": 3,
                "opens_at": now - timedelta(days=160 - step * a),
                "closes_at": now - timedelta(days=130 - step * a) if a < assessments - 1 else None,
                "grading_method": GRADING_METHODS[a % len(GRADING_METHODS)],
                "weight": WEIGHTS[-1] if a == assessments - 1 else WEIGHTS[0],
                "position": a,
            }
            for a in range(assessments)
        ],
        "assessments",
        size,
        counts,
    )
    assessment_ids = list(
        conn.execute(select(Assessment.id).where(Assessment.course_id == course_id).order_by(Assessment.position))
        .scalars()
        .all()
    )
    insert_rows(
        conn,
        AssessmentItem.__table__,
        [
            {
                "assessment_id": aid,
                "position": q,
                "question_id": question_ids[a * QUESTIONS + q],
                "points": Decimal(ESSAY_POINTS if q == QUESTIONS - 1 else 1),
            }
            for a, aid in enumerate(assessment_ids)
            for q in range(QUESTIONS)
        ],
        "assessment items",
        size,
        counts,
    )

    # Attempts: an ability per trainee, a difficulty per assessment, a little progress per retry.
    difficulty = [rng.gauss(0, 6) for _ in assessment_ids]
    attempts = []
    for uid in trainee_ids:
        ability = min(98.0, max(15.0, rng.gauss(72, 14)))
        for a, aid in enumerate(assessment_ids):
            tries = int(weighted(rng, ATTEMPT_WEIGHTS))
            started = now - timedelta(days=150 - step * a, minutes=rng.randrange(20 * 24 * 60))
            for number in range(1, tries + 1):
                submitted = started + timedelta(minutes=rng.randint(8, 40))
                awaiting = number == tries and rng.random() < AWAITING_LAST
                row = {
                    "assessment_id": aid,
                    "user_id": uid,
                    "number": number,
                    "status": "awaiting_grading" if awaiting else "graded",
                    "started_at": started,
                    "submitted_at": submitted,
                    "max_score": Decimal(MAX_SCORE),
                    "score": None,
                    "percent": None,
                    "passed": None,
                    "graded_at": None,
                }
                if not awaiting:
                    percent = min(100.0, max(0.0, rng.gauss(ability - difficulty[a] + 6 * (number - 1), 9)))
                    score = Decimal(round(percent * MAX_SCORE / 100 * 2)) / 2  # half points (the essay)
                    row["score"] = score
                    row["percent"] = (score * 100 / MAX_SCORE).quantize(Decimal("0.01"))
                    row["passed"] = row["percent"] >= Decimal("60")
                    row["graded_at"] = submitted + timedelta(hours=rng.randint(1, 72))
                attempts.append(row)
                started = submitted + timedelta(days=rng.randint(1, 6))
    insert_rows(conn, Attempt.__table__, attempts, "attempts", size, counts)

    items = {
        (aid, position): item_id
        for aid, position, item_id in conn.execute(
            select(AssessmentItem.assessment_id, AssessmentItem.position, AssessmentItem.id).where(
                AssessmentItem.assessment_id.in_(assessment_ids)
            )
        )
    }
    index = {aid: a for a, aid in enumerate(assessment_ids)}
    stored = select(Attempt.id, Attempt.assessment_id, Attempt.submitted_at, Attempt.score).where(
        Attempt.assessment_id.in_(assessment_ids)
    )
    if not every_answer:
        # Answers only where the grading queue needs them: the essay of each attempt awaiting grading.
        stored = stored.where(Attempt.status == "awaiting_grading")
    answers = []
    essay = {"text": "Sorting at source cuts the residual waste stream."}
    for attempt_id, aid, submitted_at, score in conn.execute(stored):
        first = index[aid] * QUESTIONS
        # A graded attempt's score split between the essay and the right choices, for a plausible review page.
        essay_score = None if score is None else min(Decimal(ESSAY_POINTS), (score * ESSAY_POINTS / MAX_SCORE) // 1)
        right = 0 if score is None else min(QUESTIONS - 1, int(score - essay_score))
        for q in range(QUESTIONS) if every_answer else [QUESTIONS - 1]:
            is_essay = q == QUESTIONS - 1
            answers.append(
                {
                    "attempt_id": attempt_id,
                    "position": q + 1,  # as attempts.start numbers them
                    "question_id": question_ids[first + q],
                    "item_id": items[aid, q],
                    "points": Decimal(ESSAY_POINTS if is_essay else 1),
                    "option_order": None if is_essay else ["o1", "o2", "o3", "o4"],
                    "response": essay if is_essay else {"choice": "o1" if q < right else "o2"},
                    "saved_at": submitted_at,
                    "score": essay_score if is_essay else (None if score is None else Decimal(int(q < right))),
                    "needs_grading": is_essay and score is None,
                }
            )
    label = "attempt answers" if every_answer else "attempt answers (essays awaiting grading)"
    insert_rows(conn, AttemptAnswer.__table__, answers, label, size, counts, copy=True)
    return assessment_ids


# --- Measuring ------------------------------------------------------------------------------------


@dataclass
class Streamed:
    """The CSV export, read chunk by chunk as a client would."""

    result: Result  # total time (until the last chunk) and queries
    first_median_ms: float  # time to the first chunk (the header line)
    first_p95_ms: float
    bytes: int
    lines: int


def consume(client, url: str, on_chunk=None) -> tuple[int, float, int, int]:
    """GET without buffering and read the streamed body: (status, ms to first chunk, bytes, chunks)."""
    started = time.perf_counter()
    response = client.get(url, buffered=False)
    first_ms = None
    size = chunks = 0
    try:
        for chunk in response.response:
            if first_ms is None:
                first_ms = (time.perf_counter() - started) * 1000
            size += len(chunk)
            chunks += 1
            if on_chunk is not None:
                on_chunk(chunks)
    finally:
        response.close()  # ends the streamed request (its context and session)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}")
    return response.status_code, first_ms or 0.0, size, chunks


def measure_stream(client, url: str, counter: QueryCounter, n: int, warmups: int) -> Streamed:
    for _ in range(warmups):
        consume(client, url)
    times, firsts, counts = [], [], []
    for _ in range(n):
        counter.reset()
        started = time.perf_counter()
        status, first_ms, size, chunks = consume(client, url)
        times.append((time.perf_counter() - started) * 1000)
        firsts.append(first_ms)
        counts.append(len(counter.statements))
    result = Result(statistics.median(times), p95(times), min(counts), max(counts), status)
    return Streamed(result, statistics.median(firsts), p95(firsts), size, chunks)


def peak_memory(client, url: str, stream: bool, mark_chunk: int | None = None) -> tuple[int, int | None]:
    """Peak bytes allocated by Python (tracemalloc) during one request, read to the end.

    With ``mark_chunk``, also the peak reached by the time that chunk arrived (the CSV after its first batch).
    """
    marked: list[int] = []

    def on_chunk(count: int) -> None:
        if count == mark_chunk:
            marked.append(tracemalloc.get_traced_memory()[1])

    tracemalloc.start()
    try:
        if stream:
            consume(client, url, on_chunk)
        else:
            response = client.get(url)
            response.get_data()
            if response.status_code != 200:
                raise RuntimeError(f"GET {url} answered {response.status_code}")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return peak, (marked[0] if marked else None)


CSV = "gradebook CSV ?format=csv (streamed, read to the end)"


def scenarios(slug: str) -> list[tuple[str, str, bool]]:
    """(label, url, streamed CSV)."""
    base = f"/courses/{slug}/gradebook"
    return [
        ("gradebook page 1 (sort by name)", base, False),
        ("gradebook page 1 ?sort=-grade", f"{base}?sort=-grade", False),
        (CSV, f"{base}?format=csv", True),
    ]


def short(statement: str) -> str:
    s = " ".join(statement.split())
    s = re.sub(r"SELECT .*? FROM", "SELECT ... FROM", s, count=1)
    s = re.sub(r"IN \((?:%\(\w+\)s(?:::\w+)?(?:, )?)+\)", "IN (...)", s)
    s = re.sub(r"%\((\w+)\)s(?:::\w+)?", ":p", s)
    return s if len(s) <= 140 else s[:137] + "..."


def check_page(client, slug: str, trainees: int) -> None:
    """The page shows one page of trainees and the CSV one line per trainee (plus the header)."""
    page = client.get(f"/courses/{slug}/gradebook").get_data(as_text=True)
    rows = page.count('<th scope="row">')
    if rows != min(PER_PAGE, trainees):
        raise RuntimeError(f"gradebook page shows {rows} rows, expected {min(PER_PAGE, trainees)}")
    lines = consume(client, f"/courses/{slug}/gradebook?format=csv")[3]
    if lines != trainees + 1:
        raise RuntimeError(f"gradebook CSV has {lines} lines, expected {trainees + 1}")


# --- EXPLAIN --------------------------------------------------------------------------------------


def classify(statement: str) -> str | None:
    s = " ".join(statement.split())
    if "FROM attempts" in s and "attempts.user_id IN" in s and "attempts.status !=" in s:
        return "attempts of the trainees (gradebook rows)"
    if "FROM users JOIN enrolments" in s:
        return "enrolled trainees, sorted by name"
    if "FROM attempts" in s and "attempts.deadline <=" in s:
        return "close expired attempts"
    return None


def attempts_note(plan: list[str]) -> str:
    returned = re.search(r"actual time=\S+ rows=(\d+)", plan[0])
    removed = re.search(r"Rows Removed by Filter: (\d+)", "\n".join(plan))
    picked = [name for name in ATTEMPT_INDEXES if name in plan_indexes(plan)]
    verdict = f"uses {' and '.join(picked)}" if picked else "uses neither " + " nor ".join(ATTEMPT_INDEXES)
    if returned:
        verdict += f"; returns {int(returned.group(1)):,} attempts"
    if removed:
        verdict += f", {int(removed.group(1)):,} more read and dropped by the filter"
    return verdict


def add_other_courses(engine, slug: str, courses: int) -> int:
    """Copy the measured course's assessments and attempts into ``courses`` other courses (same trainees).

    Only for EXPLAIN, after the measurements: with one course, every attempt matches and a sequential
    scan is the right plan; a real attempts table holds many courses. Returns the rows of attempts.
    """
    with engine.begin() as conn:
        source = conn.execute(text("SELECT id FROM courses WHERE slug = :slug"), {"slug": slug}).scalar_one()
        for k in range(courses):
            other = conn.execute(
                text(
                    "INSERT INTO courses (slug, title, summary, description, language, level, estimated_hours,"
                    " enrolment_mode, status, created_at, published_at)"
                    " SELECT slug || :suffix, title || :suffix, summary, description, language, level,"
                    " estimated_hours, enrolment_mode, status, created_at, published_at FROM courses WHERE id = :id"
                    " RETURNING id"
                ),
                {"suffix": f"-other-{k}", "id": source},
            ).scalar_one()
            conn.execute(
                text(
                    "INSERT INTO assessments (course_id, title, instructions, status, shuffle_questions,"
                    " shuffle_options, passing_score, max_attempts, late_policy, late_penalty, grading_method,"
                    " review_policy, weight, position, created_at)"
                    " SELECT :other, title, instructions, status, shuffle_questions, shuffle_options, passing_score,"
                    " max_attempts, late_policy, late_penalty, grading_method, review_policy, weight, position,"
                    " created_at FROM assessments WHERE course_id = :id"
                ),
                {"other": other, "id": source},
            )
            conn.execute(
                text(
                    "INSERT INTO attempts (assessment_id, user_id, number, status, started_at, submitted_at,"
                    " closed_by_timer, late, score, max_score, percent, passed, graded_at)"
                    " SELECT copy.id, a.user_id, a.number, a.status, a.started_at, a.submitted_at, a.closed_by_timer,"
                    " a.late, a.score, a.max_score, a.percent, a.passed, a.graded_at"
                    " FROM attempts a JOIN assessments original ON original.id = a.assessment_id"
                    " JOIN assessments copy ON copy.course_id = :other AND copy.position = original.position"
                    " WHERE original.course_id = :id"
                ),
                {"other": other, "id": source},
            )
        rows = conn.execute(text("SELECT count(*) FROM attempts")).scalar_one()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM (ANALYZE) courses, assessments, attempts"))
    return rows


def explain(engine, client, slug: str, plan_lines: int, size: str, other_courses: int) -> dict[str, list[str]]:
    """EXPLAIN ANALYZE the gradebook's own statements; returns the indexes each one used.

    Then, with ``other_courses`` copies of the course's attempts added to the table, the attempts query again.
    """
    url = f"/courses/{slug}/gradebook"
    with QueryCounter(engine) as counter:
        response = client.get(url)
        response.get_data()
    assert response.status_code == 200, response.status_code
    log(f"\nEXPLAIN (ANALYZE, BUFFERS OFF) for the queries of GET {url} ({size} data)")
    matched: dict[str, list[tuple[str, object]]] = {}
    for statement, parameters in counter.statements:
        label = classify(statement)
        if label is not None:
            matched.setdefault(label, []).append((statement, parameters))
    used: dict[str, list[str]] = {}
    with engine.connect() as conn:
        for label, found in matched.items():
            if len(found) > 1:
                label = f"{label} [first of {len(found)} such statements]"
            plan = explain_plan(conn, *found[0])
            note = attempts_note(plan) if label.startswith("attempts") else None
            used[label] = log_plan(label, plan, GRADEBOOK_INDEXES, plan_lines, note=note, kind="gradebook")
    attempts = next((found[0] for label, found in matched.items() if label.startswith("attempts")), None)
    if attempts is not None and other_courses:
        started = time.perf_counter()
        rows = add_other_courses(engine, slug, other_courses)
        log(
            f"\n[{size}] copied the course's assessments and attempts into {other_courses} other courses: "
            f"{rows:,} attempts in the table ({time.perf_counter() - started:.1f}s)"
        )
        with engine.connect() as conn:
            plan = explain_plan(conn, *attempts)
        label = f"attempts of the trainees, {rows:,} attempts of {other_courses + 1} courses in the table"
        used[label] = log_plan(label, plan, GRADEBOOK_INDEXES, plan_lines, note=attempts_note(plan), kind="gradebook")
    return used


# --- Main -----------------------------------------------------------------------------------------


@dataclass
class SizeRun:
    results: dict[str, Result]
    streamed: Streamed
    peaks: dict[str, int]
    csv_first_batch_peak: int | None
    statements: dict[str, list[str]]
    indexes: dict[str, list[str]]


def run_size(server, size: str, args, tmp: Path) -> SizeRun:
    from training.assessments.gradebook import BATCH

    trainees = SIZES[size]
    with seeded_database(
        server,
        size,
        tmp,
        lambda conn: seed(conn, size, trainees, random.Random(f"cai-bench-gradebook-{size}")),
        f"{trainees:,} trainees x {ASSESSMENTS} assessments",
    ) as (app, engine, seeded):
        log(
            f"[{size}] attempts: {seeded.counts['attempts']:,} "
            f"({seeded.counts['attempt_answers']:,} awaiting grading, "
            f"{seeded.counts['attempt_answers'] / seeded.counts['attempts']:.1%})"
        )
        instructor = Browser(app.test_client())
        login(instructor, seeded.instructor_email)
        check_page(instructor, seeded.hot_slug, trainees)
        results: dict[str, Result] = {}
        statements: dict[str, list[str]] = {}
        peaks: dict[str, int] = {}
        streamed = None
        first_batch_peak = None
        with QueryCounter(engine) as counter:
            for label, path, is_stream in scenarios(seeded.hot_slug):
                started = time.perf_counter()
                if is_stream:
                    streamed = measure_stream(instructor, path, counter, args.requests, args.warmups)
                    results[label] = streamed.result
                else:
                    results[label] = measure(instructor, path, counter, args.requests, args.warmups)
                statements[label] = [short(s) for s, _ in counter.statements]
                r = results[label]
                extra = (
                    f", first chunk {streamed.first_median_ms:.1f} ms, {streamed.bytes:,} bytes in {streamed.lines:,} "
                    "chunks"
                    if is_stream
                    else ""
                )
                log(
                    f"[{size}] {label}: median {r.median_ms:.1f} ms, p95 {r.p95_ms:.1f} ms, "
                    f"{r.queries} queries{extra} ({time.perf_counter() - started:.1f}s)"
                )
        # Memory on its own requests: tracemalloc slows Python down, so it stays out of the timings.
        for label, path, is_stream in scenarios(seeded.hot_slug):
            peaks[label], mark = peak_memory(instructor, path, is_stream, mark_chunk=1 + BATCH if is_stream else None)
            if is_stream:
                first_batch_peak = mark
            log(f"[{size}] {label}: peak Python memory {peaks[label] / 1024:,.0f} KiB")
        indexes: dict[str, list[str]] = {}
        if not args.no_explain and (size == "large" or args.explain_small):
            indexes = explain(engine, instructor, seeded.hot_slug, args.plan_lines, size, args.other_courses)
    return SizeRun(results, streamed, peaks, first_batch_peak, statements, indexes)


def report_extra(small: SizeRun, large: SizeRun) -> None:
    from training.assessments.gradebook import BATCH

    s, b = small.streamed, large.streamed
    log(f"\nCSV export, streamed ({SIZES['small']:,} vs {SIZES['large']:,} trainees)")
    header = f"{'':<44} {'small':>12} {'large':>12} {'x':>7}"
    log(header)
    log("-" * len(header))

    def line(label: str, little: float, big: float, fmt: str) -> None:
        ratio = f"{big / little:7.2f}" if little else f"{'-':>7}"
        log(f"{label:<44} {format(little, fmt):>12} {format(big, fmt):>12} {ratio}")

    line("time to first chunk, median (ms)", s.first_median_ms, b.first_median_ms, ",.1f")
    line("time to first chunk, p95 (ms)", s.first_p95_ms, b.first_p95_ms, ",.1f")
    line("total time, median (ms)", s.result.median_ms, b.result.median_ms, ",.1f")
    line("bytes", s.bytes, b.bytes, ",")
    line("lines (chunks)", s.lines, b.lines, ",")
    line("throughput (KiB/s)", s.bytes / 1.024 / s.result.median_ms, b.bytes / 1.024 / b.result.median_ms, ",.0f")

    log("\nPeak Python memory per request (tracemalloc, one request each, KiB)")
    log(header)
    log("-" * len(header))
    for label, big in large.peaks.items():
        line(label.split(" (")[0], small.peaks[label] / 1024, big / 1024, ",.0f")
    if large.csv_first_batch_peak:
        log(
            f"(large CSV: {large.csv_first_batch_peak / 1024:,.0f} KiB peak once its first batch of {BATCH} trainees "
            f"was sent, {large.peaks[CSV] / 1024:,.0f} KiB at the end)"
        )

    log("\nSQL statements per request, by kind: how many of each, small and large (SELECT lists elided)")
    for label in large.statements:
        n_small, n_large = small.results[label].queries, large.results[label].queries
        verdict = "same count" if n_small == n_large else f"DIFFERS: {n_small} small vs {n_large} large"
        log(f"\n{label}: {verdict}")
        few, many = Counter(small.statements[label]), Counter(large.statements[label])
        for statement in dict.fromkeys(large.statements[label] + small.statements[label]):
            flag = "  <-- grows" if many[statement] > few[statement] else ""
            log(f"   {few[statement]:>3} {many[statement]:>3}  {statement}{flag}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_SERVER))
    parser.add_argument("--requests", type=int, default=30, help="measured requests per page (default 30)")
    parser.add_argument("--warmups", type=int, default=3, help="unmeasured requests first (default 3)")
    parser.add_argument("--plan-lines", type=int, default=14, help="plan lines printed per query (default 14)")
    parser.add_argument("--no-explain", action="store_true", help="skip the EXPLAIN ANALYZE section")
    parser.add_argument("--explain-small", action="store_true", help="EXPLAIN on the small data too")
    parser.add_argument(
        "--other-courses",
        type=int,
        default=OTHER_COURSES,
        help=f"copies of the course's attempts added before the last EXPLAIN (default {OTHER_COURSES}; 0: none)",
    )
    args = parser.parse_args(argv)

    server = server_from(args.database_url)
    interrupt_on_sigterm()
    started = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory(prefix="cai-bench-") as tmp:
            small = run_size(server, "small", args, Path(tmp))
            large = run_size(server, "large", args, Path(tmp))
    except KeyboardInterrupt:
        log("bench: interrupted; the throwaway database was dropped")
        return 130
    report(small.results, large.results, args.requests, args.warmups)
    report_extra(small, large)
    grown = [
        f"{label} ({small.results[label].queries} -> {large.results[label].queries})"
        for label in large.results
        if large.results[label].queries != small.results[label].queries
    ]
    if grown:
        log(f"\nNOTE: query count grows with the trainees for: {'; '.join(grown)} (see 'grows' above)")
    for label, used in large.indexes.items():
        if label.startswith("attempts"):
            picked = [name for name in ATTEMPT_INDEXES if name in used]
            verdict = ", ".join(picked) or "neither " + " nor ".join(ATTEMPT_INDEXES) + " (sequential scan)"
            log(f"\nEXPLAIN {label} (large data): {verdict}")
    log(f"\nTotal {time.perf_counter() - started:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
