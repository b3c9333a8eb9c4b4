"""On-demand load benchmark on PostgreSQL and gunicorn (not part of the unit tests).

Creates a throwaway database, migrates it, seeds 10,000 trainees, 500 courses, 100,000 enrolments and ~500,000 attempt
answers in bulk, starts gunicorn as the README's production section does (the app of ``bench.load_app``: the product
plus a trivial GET and a trivial POST route), drives the catalog, a course page, the dashboard, the gradebook and quiz
submission with wrk (each page's throughput as a ratio to the trivial route), then a Moodle-style session mix of 100
simulated users (``bench.load_mix``, asyncio), prints the table and the targets, stops gunicorn and drops the database
(also on error or Ctrl-C).
Run: ``make bench-load`` or ``.venv/bin/python -m bench.load``. Seeding and database helpers come from
``bench.catalog`` and ``bench.gradebook``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from functools import partial
from pathlib import Path
from urllib.parse import urlencode

from sqlalchemy import create_engine, func, select, text, update

from bench import catalog, gradebook
from bench.catalog import (
    DEFAULT_SERVER,
    PASSWORD,
    QueryCounter,
    insert_rows,
    interrupt_on_sigterm,
    log,
    seeded_database,
    server_from,
)
from bench.load_mix import percentile, session_mix
from tests.factories import _CSRF

ROOT = Path(__file__).resolve().parent.parent
WRK_SCRIPTS = Path(__file__).resolve().parent / "wrk"
SIZE = "load"
SPEC = {"courses": 500, "trainees": 10_000, "enrolments": 100_000}
ANSWERS = 500_000  # attempt answers in all (about: whole courses are added until there are at least this many)
GRADEBOOK_ASSESSMENTS = 20  # on the course with catalog.HOT_ENROLMENTS (1,000) trainees
OTHER_ASSESSMENTS = 5  # per course on the further courses that take attempts, until ANSWERS
QUIZ_USERS = 300  # trainees with an attempt in progress on each quiz of the quiz course (the submissions measured)
QUIZ_ASSESSMENTS = 10
MIX_USERS = 100
USER_AGENT = "cai-bench-load"  # the same for every request: the session protection hashes it
PAGES = ("catalog", "course", "dashboard", "gradebook", "quiz")  # what --pages may select
TARGETS = {"catalog": 0.25, "dashboard": 0.25, "quiz submit": 0.50}
P99_MS = 100.0
GRADEBOOK_MS = 300.0
MIX_P95_MS = 300.0


# --- Seeding -------------------------------------------------------------------------------------------------------


@dataclass
class LoadSeeded:
    hot_slug: str = ""  # the gradebook course (1,000 trainees, 20 assessments), also the course page measured
    instructor_email: str = ""
    quiz_slug: str = ""
    quiz_module_id: int = 0
    quiz_assessment_ids: list[int] = field(default_factory=list)
    quiz_emails: list[str] = field(default_factory=list)
    attempts: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # email -> (attempt id, assessment id)
    mix_emails: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def seed(conn, rng: random.Random) -> LoadSeeded:
    from sqlalchemy.dialects.postgresql import insert as pg_insert

    from training.assessments.models import Assessment, AssessmentItem, Attempt, AttemptAnswer, Question
    from training.auth.models import User
    from training.courses.models import Course, Enrolment, Module

    now = datetime.now(UTC).replace(microsecond=0)
    # Users, courses, modules, tags, institutions, enrolments and progress: the catalog benchmark's seeding.
    base = catalog.seed(conn, SIZE, SPEC, rng)
    out = LoadSeeded(hot_slug=base.hot_slug, instructor_email=base.instructor_email, counts=base.counts)
    counts = out.counts
    instructor_id = conn.execute(select(User.id).where(User.email == base.instructor_email)).scalar_one()
    trainees = conn.execute(select(User.email, User.id).where(User.email.like("trainee%")).order_by(User.email)).all()
    course_ids = dict(conn.execute(select(Course.slug, Course.id)).all())

    def modules_of(course_id: int) -> list[int]:
        return list(
            conn.execute(select(Module.id).where(Module.course_id == course_id).order_by(Module.position)).scalars()
        )

    def enrolled(course_id: int) -> list[int]:
        return list(
            conn.execute(
                select(Enrolment.user_id)
                .where(Enrolment.course_id == course_id, Enrolment.status.in_(("active", "completed")))
                .order_by(Enrolment.user_id)
            ).scalars()
        )

    # The gradebook course: every one of its 1,000 enrolments accepted, 20 assessments, 1-3 attempts each.
    hot_id = course_ids[out.hot_slug]
    conn.execute(
        update(Enrolment)
        .where(Enrolment.course_id == hot_id, Enrolment.status.not_in(("active", "completed")))
        .values(status="active", reason=None)
    )
    gradebook.seed_assessments(
        conn,
        SIZE,
        counts,
        hot_id,
        modules_of(hot_id),
        instructor_id,
        enrolled(hot_id),
        rng,
        now,
        assessments=GRADEBOOK_ASSESSMENTS,
        every_answer=True,
    )

    # The quiz course: quizzes without attempt limit or closing date; the quiz users and the session-mix users
    # are enrolled; each quiz user has an attempt in progress on every quiz.
    out.quiz_slug = f"bench-{SIZE}-00000"
    quiz_id = course_ids[out.quiz_slug]
    quiz_people = trainees[catalog.HOT_ENROLMENTS : catalog.HOT_ENROLMENTS + QUIZ_USERS + MIX_USERS]
    out.quiz_emails = [email for email, _ in quiz_people[:QUIZ_USERS]]
    out.mix_emails = [email for email, _ in quiz_people[QUIZ_USERS:]]
    statement = pg_insert(Enrolment).values(
        [
            {"user_id": uid, "course_id": quiz_id, "status": "active", "requested_at": now - timedelta(days=30)}
            for _, uid in quiz_people
        ]
    )
    conn.execute(
        statement.on_conflict_do_update(
            index_elements=["user_id", "course_id"], set_={"status": "active", "reason": None}
        )
    )
    quiz_modules = modules_of(quiz_id)
    out.quiz_module_id = quiz_modules[0]
    out.quiz_assessment_ids = gradebook.seed_assessments(
        conn, SIZE, counts, quiz_id, quiz_modules, instructor_id, [], rng, now, assessments=QUIZ_ASSESSMENTS
    )
    conn.execute(
        update(Assessment)
        .where(Assessment.course_id == quiz_id)
        .values(max_attempts=None, closes_at=None, opens_at=now - timedelta(days=60), review_policy="after_submit")
    )
    started = now - timedelta(minutes=10)
    insert_rows(
        conn,
        Attempt.__table__,
        [
            {
                "assessment_id": aid,
                "user_id": uid,
                "number": 1,
                "status": "in_progress",
                "started_at": started,
                "max_score": Decimal(gradebook.MAX_SCORE),
            }
            for aid in out.quiz_assessment_ids
            for _, uid in quiz_people[:QUIZ_USERS]
        ],
        "attempts in progress (quiz course)",
        SIZE,
        counts,
    )
    items = conn.execute(
        select(AssessmentItem.assessment_id, AssessmentItem.position, AssessmentItem.id, AssessmentItem.question_id)
        .where(AssessmentItem.assessment_id.in_(out.quiz_assessment_ids))
        .order_by(AssessmentItem.assessment_id, AssessmentItem.position)
    ).all()
    types = dict(conn.execute(select(Question.id, Question.type).where(Question.course_id == quiz_id)).all())
    by_assessment: dict[int, list] = {}
    for aid, position, item_id, question_id in items:
        by_assessment.setdefault(aid, []).append((position, item_id, question_id))
    emails = {uid: email for email, uid in quiz_people}
    answers = []
    for attempt_id, aid, uid in conn.execute(
        select(Attempt.id, Attempt.assessment_id, Attempt.user_id).where(Attempt.status == "in_progress")
    ):
        out.attempts.setdefault(emails[uid], []).append((attempt_id, aid))
        for position, item_id, question_id in by_assessment[aid]:
            essay = types[question_id] == "essay"
            answers.append(
                {
                    "attempt_id": attempt_id,
                    "position": position + 1,
                    "question_id": question_id,
                    "item_id": item_id,
                    "points": Decimal(gradebook.ESSAY_POINTS if essay else 1),
                    "option_order": None if essay else ["o1", "o2", "o3", "o4"],
                }
            )
    insert_rows(conn, AttemptAnswer.__table__, answers, "attempt answers (in progress)", SIZE, counts, copy=True)

    # Further courses with 5 assessments and their trainees' attempts, until there are ANSWERS answers.
    others = [cid for slug, cid in sorted(course_ids.items()) if cid not in (hot_id, quiz_id)]
    rng.shuffle(others)
    for course_id in others:
        if counts.get("attempt_answers", 0) >= ANSWERS:
            break
        gradebook.seed_assessments(
            conn,
            SIZE,
            counts,
            course_id,
            modules_of(course_id),
            instructor_id,
            enrolled(course_id),
            rng,
            now,
            assessments=OTHER_ASSESSMENTS,
            every_answer=True,
        )
    answers_total = conn.execute(select(func.count()).select_from(AttemptAnswer)).scalar_one()
    attempts_total = conn.execute(select(func.count()).select_from(Attempt)).scalar_one()
    log(f"  [{SIZE}] in all: {attempts_total:,} attempts, {answers_total:,} attempt answers")
    return out


# --- A kept database (--keep-database) ----------------------------------------------------------------------------


def seeded_file(name: str) -> Path:
    """Where the seeding's outcome (slugs, e-mails, attempt ids) of a kept database is written."""
    return Path(tempfile.gettempdir()) / f"cai-bench-load-{name}.json"


@contextmanager
def kept_database(server, name: str, size: str, tmp: Path, seed_fn, what: str):
    """Like ``seeded_database`` but in the database ``name``, which is kept on the way out; when it exists already
    (with its seeded file) it is reused as it is: no migration, no seeding. Yields (app, engine, seeded)."""
    from flask_migrate import upgrade

    from tests.conftest import make_test_app
    from training.extensions import db

    if not name.replace("_", "").isalnum() or not name.isascii():
        raise SystemExit("--keep-database: letters, digits and _ only")
    admin = create_engine(server.set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first()
            if exists and not seeded_file(name).exists():
                raise SystemExit(f"database {name} exists but {seeded_file(name)} does not: drop it or pick another")
            if not exists:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    url = server.set(drivername="postgresql+psycopg", database=name).render_as_string(hide_password=False)
    app = make_test_app(url, tmp / SIZE)
    with app.app_context():
        if exists:
            raw = json.loads(seeded_file(name).read_text())
            raw["attempts"] = {k: [tuple(pair) for pair in v] for k, v in raw["attempts"].items()}
            seeded = LoadSeeded(**raw)
            log(f"[{SIZE}] reusing the kept database {name} ({seeded_file(name)})")
        else:
            started = time.perf_counter()
            upgrade()
            log(f"[{SIZE}] migrated {name} to head in {time.perf_counter() - started:.1f}s; seeding {what}")
            started = time.perf_counter()
            with db.engine.begin() as conn:
                seeded = seed_fn(conn)
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM (ANALYZE)"))
            seeded_file(name).write_text(json.dumps(asdict(seeded)))
            log(f"[{SIZE}] seeded and analysed in {time.perf_counter() - started:.1f}s; kept as {name}")
        engine = db.engine
    yield app, engine, seeded
    with app.app_context():
        db.engine.dispose()
    log(f"[{SIZE}] kept the database {name} (drop it with: DROP DATABASE {name})")


# --- In process (--in-process N) ----------------------------------------------------------------------------------


def in_process(app, engine, seeded: LoadSeeded, pages: list[str], n: int, profile: Path | None) -> None:
    """Each page ``n`` times through the Flask test client (3 warm-ups): median, p95, this process's CPU time (the
    Python side, less disturbed by other processes than wall time) and SQL statements per request; with
    ``profile``, one pyinstrument profile of the ``n`` requests per page, as text, in that folder."""
    from bench.catalog import Result, login
    from bench.catalog import measure as measure_in_process
    from tests.factories import Browser

    anonymous = app.test_client()
    trainee = Browser(app.test_client())
    login(trainee, seeded.quiz_emails[0])
    paths = {
        "catalog": (anonymous, "/courses/"),
        "course": (anonymous, f"/courses/{seeded.hot_slug}"),
        "dashboard": (trainee, "/dashboard"),
    }
    for name in pages:
        if name not in paths:
            continue
        client, path = paths[name]
        with QueryCounter(engine) as counter:
            cpu = time.process_time()
            result: Result = measure_in_process(client, path, counter, n, 3)
            cpu = (time.process_time() - cpu) * 1000 / (n + 3)
        queries = (
            str(result.queries) if result.queries == result.queries_max else f"{result.queries}-{result.queries_max}"
        )
        log(
            f"in process {name:<10} {path:<40} median {result.median_ms:6.1f} ms  p95 {result.p95_ms:6.1f} ms  "
            f"CPU {cpu:5.1f} ms  {queries} statements  (load {os.getloadavg()[0]:.2f})"
        )
        if profile is not None:
            from pyinstrument import Profiler

            profile.mkdir(parents=True, exist_ok=True)
            profiler = Profiler(interval=0.0005)
            with profiler:
                for _ in range(n):
                    client.get(path).get_data()
            (profile / f"{name}.txt").write_text(profiler.output_text(unicode=True, show_all=False))
            log(f"  profile of {n} requests: {profile / (name + '.txt')}")


# --- gunicorn ------------------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def gunicorn(database_url: str, workers: int, tmp: Path):
    """gunicorn as in the README's production section (TRAINING_ENV=production, SECRET_KEY, DATABASE_URL,
    ``--workers N --bind 127.0.0.1:PORT --forwarded-allow-ips 127.0.0.1``), serving ``bench.load_app:app``.

    The instance folder's config.py turns the rate limiter off: every simulated user comes from 127.0.0.1.
    Yields the port; stops gunicorn (SIGTERM, then SIGKILL after 15 s) on the way out.
    """
    instance = tmp / "instance"
    instance.mkdir(parents=True, exist_ok=True)
    (instance / "config.py").write_text("RATELIMIT_ENABLED = False  # the load benchmark: one client address\n")
    port = free_port()
    env = dict(os.environ)
    env.update(
        TRAINING_ENV="production",
        SECRET_KEY=secrets.token_hex(32),
        DATABASE_URL=database_url,
        TRAINING_INSTANCE_PATH=str(instance),
        PUBLIC_BASE_URL=f"http://127.0.0.1:{port}",
    )
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--forwarded-allow-ips",
        "127.0.0.1",
        "bench.load_app:app",
    ]
    log(f"starting gunicorn {' '.join(command[1:])} (TRAINING_ENV=production, DATABASE_URL of the throwaway database)")
    logfile = open(tmp / "gunicorn.log", "wb")  # noqa: SIM115 - closed below
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=logfile, stderr=subprocess.STDOUT)  # noqa: S603
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({process.returncode}):\n{tail(tmp / 'gunicorn.log')}")
            try:
                if Client(port).request("GET", "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not answer /healthz in 60 s:\n{tail(tmp / 'gunicorn.log')}")
            time.sleep(0.25)
        log(f"gunicorn pid {process.pid} ready on 127.0.0.1:{port} with {workers} workers")
        yield port
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        logfile.close()
        errors = [line for line in (tmp / "gunicorn.log").read_text(errors="replace").splitlines() if "ERROR" in line]
        log(f"gunicorn stopped; {len(errors)} ERROR lines in its log" + (f", first: {errors[0]}" if errors else ""))


def tail(path: Path, lines: int = 30) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


class Client:
    """A minimal HTTP client for the set-up requests (logins, checks): one cookie, the benchmark's user agent."""

    def __init__(self, port: int):
        self.port = port
        self.cookie = ""

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, dict, str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"User-Agent": USER_AGENT}
        if self.cookie:
            headers["Cookie"] = self.cookie
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read().decode("utf-8", "replace")
            for value in response.headers.get_all("Set-Cookie") or []:
                if value.startswith("session="):
                    self.cookie = value.split(";", 1)[0]
            return response.status, dict(response.headers), data
        finally:
            conn.close()

    def csrf(self, path: str) -> str:
        status, _, page = self.request("GET", path)
        match = _CSRF.search(page)
        if status != 200 or not match:
            raise RuntimeError(f"GET {path}: {status}, no CSRF token")
        return match.group(1) or match.group(2)

    def login(self, email: str) -> str:
        """Log in through the form; returns a CSRF token valid for the session."""
        token = self.csrf("/auth/login")
        status, _, _ = self.request("POST", "/auth/login", {"email": email, "password": PASSWORD, "csrf_token": token})
        if status != 302:
            raise RuntimeError(f"login of {email} answered {status}")
        return token


def logins(port: int, emails: list[str]) -> dict[str, tuple[str, str]]:
    """email -> (cookie, CSRF token), four logins at a time."""

    def one(email: str) -> tuple[str, tuple[str, str]]:
        client = Client(port)
        token = client.login(email)
        return email, (client.cookie, token)

    started = time.perf_counter()
    with ThreadPoolExecutor(4) as pool:
        sessions = dict(pool.map(one, emails))
    log(f"logged in {len(sessions):,} users through the login form in {time.perf_counter() - started:.1f}s")
    return sessions


# --- wrk -----------------------------------------------------------------------------------------------------------


@dataclass
class Run:
    label: str
    connections: int
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    requests: int
    errors: int
    load: float  # 1-minute load average after the run
    extra: dict = field(default_factory=dict)


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    log("wrk is missing: installing it with scripts/system-deps.sh wrk")
    subprocess.run(["bash", str(ROOT / "scripts" / "system-deps.sh"), "wrk"], check=False, timeout=600)  # noqa: S603,S607
    found = shutil.which("wrk")
    if not found:
        sys.exit("bench: wrk is needed (Debian package wrk): run `sudo scripts/system-deps.sh wrk`")
    return found


def wrk(port: int, script: str, script_args: list[str], connections: int, threads: int, seconds: float) -> dict:
    command = [
        ensure_wrk(),
        "--threads",
        str(threads),
        "--connections",
        str(connections),
        "--duration",
        f"{max(1, round(seconds))}s",
        "--timeout",
        "10s",
        "--script",
        str(WRK_SCRIPTS / script),
        f"http://127.0.0.1:{port}",
        "--",
        *script_args,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=False)  # noqa: S603
    lines = [line for line in done.stdout.splitlines() if line.startswith("JSON ")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stdout[-2000:]} {done.stderr[-2000:]}")
    return json.loads(lines[-1][5:])


def to_run(label: str, connections: int, raw: dict, **extra) -> Run:
    errors = raw["connect"] + raw["read"] + raw["write"] + raw["status"] + raw["timeout"]
    return Run(
        label,
        connections,
        raw["requests"] / (raw["duration_us"] / 1e6),
        raw["p50"] / 1000,
        raw["p95"] / 1000,
        raw["p99"] / 1000,
        raw["requests"],
        errors,
        os.getloadavg()[0],
        {**raw, **extra},
    )


def request_file(tmp: Path, name: str, lines: list[tuple[str, str, str, str]]) -> str:
    path = tmp / f"{name}.tsv"
    path.write_text("".join("\t".join(line) + "\n" for line in lines))
    return str(path)


def measure(port: int, tmp: Path, label: str, lines, args, connections: int | None = None, once: bool = False) -> Run:
    """Warm up, then one wrk run of ``args.duration`` seconds; prints and returns its figures."""
    connections = connections or args.connections
    threads = min(2, connections)
    path = request_file(tmp, label.replace(" ", "_").replace("/", "_"), lines)
    if not once and args.warmup:
        wrk(port, "requests.lua", [path, str(threads), "cycle"], connections, threads, args.warmup)
    raw = wrk(
        port, "requests.lua", [path, str(threads), "once" if once else "cycle"], connections, threads, args.duration
    )
    run = to_run(label, connections, raw)
    log(
        f"{label:<44} {connections:>3} conn  {run.rps:8.1f} req/s  p50 {run.p50_ms:7.1f}  p99 {run.p99_ms:7.1f} ms"
        f"  {run.requests:,} requests, {run.errors} errors  (load {run.load:.2f})"
    )
    return run


# --- Main ----------------------------------------------------------------------------------------------------------


def check(client: Client, path: str, expect: int = 200, marker: str | None = None) -> str:
    status, _, body = client.request("GET", path)
    if status != expect or (marker is not None and marker not in body):
        raise RuntimeError(f"GET {path} answered {status}" + (f" without {marker!r}" if marker else ""))
    return body


def run_benchmark(port: int, seeded: LoadSeeded, engine, args, tmp: Path) -> tuple[list[Run], Run | None]:
    anonymous = Client(port)
    sessions = logins(port, [seeded.instructor_email, *seeded.quiz_emails])
    instructor = Client(port)
    instructor.cookie = sessions[seeded.instructor_email][0]
    trainee = Client(port)
    trainee.cookie = sessions[seeded.quiz_emails[0]][0]
    gradebook_url = f"/courses/{seeded.hot_slug}/gradebook"
    check(anonymous, "/_bench/trivial")
    check(anonymous, "/courses/")
    check(anonymous, f"/courses/{seeded.hot_slug}")
    check(trainee, "/dashboard", marker=seeded.quiz_slug)
    page = check(instructor, gradebook_url)
    rows = page.count('<th scope="row">')
    if rows != gradebook.PER_PAGE:
        raise RuntimeError(f"gradebook page 1 shows {rows} trainees, expected {gradebook.PER_PAGE}")
    runs: list[Run] = []
    if not args.no_pages:
        run_pages(port, seeded, sessions, engine, args, tmp, runs)
    return runs, run_mix(port, seeded, args)


def run_pages(port: int, seeded: LoadSeeded, sessions: dict, engine, args, tmp: Path, runs: list[Run]) -> None:
    """Each page with wrk at ``args.connections`` (the gradebook also with one), the trivial routes around them."""
    instructor = sessions[seeded.instructor_email][0]
    gradebook_url = f"/courses/{seeded.hot_slug}/gradebook"

    def get(path: str, cookie: str = "") -> tuple[str, str, str, str]:
        return ("GET", path, cookie, "")

    trainee_cookies = [sessions[email][0] for email in seeded.quiz_emails]
    pages = args.pages
    runs.append(measure(port, tmp, "trivial GET (before)", [get("/_bench/trivial")], args))
    if "catalog" in pages:
        runs.append(measure(port, tmp, "catalog /courses/", [get("/courses/")], args))
    if "course" in pages:
        runs.append(measure(port, tmp, "course page (1,000 enrolments)", [get(f"/courses/{seeded.hot_slug}")], args))
    if "dashboard" in pages:
        runs.append(measure(port, tmp, "dashboard (trainee)", [get("/dashboard", c) for c in trainee_cookies], args))
    cookie = instructor
    if "gradebook" in pages:
        runs.append(measure(port, tmp, "gradebook 1,000 x 20", [get(gradebook_url, cookie)], args))
        runs.append(measure(port, tmp, "gradebook 1,000 x 20", [get(gradebook_url, cookie)], args, connections=1))
        sort = f"{gradebook_url}?sort=-grade"
        runs.append(measure(port, tmp, "gradebook ?sort=-grade", [get(sort, cookie)], args, connections=1))
    runs.append(measure(port, tmp, "trivial GET (after)", [get("/_bench/trivial")], args))
    if "quiz" not in pages:
        return
    posts = [
        ("POST", "/_bench/trivial", sessions[email][0], urlencode({"csrf_token": sessions[email][1]}))
        for email in seeded.quiz_emails
    ]
    runs.append(measure(port, tmp, "trivial POST (CSRF, logged in)", posts, args))
    submissions = []
    for k in range(QUIZ_ASSESSMENTS):  # one quiz after the other, each across every quiz user
        for email in seeded.quiz_emails:
            attempt_id, _ = seeded.attempts[email][k]
            form = {"csrf_token": sessions[email][1], **{f"q{q}": f"o{1 + (q + k) % 4}" for q in range(1, 10)}}
            form["q10"] = "Separate collection at source reduces residual waste."
            path = f"/courses/{seeded.quiz_slug}/attempts/{attempt_id}/submit"
            submissions.append(("POST", path, sessions[email][0], urlencode(form)))
    quiz = measure(port, tmp, "quiz submit (10 answers)", submissions, args, once=True)
    with engine.connect() as conn:
        submitted = conn.execute(
            text("SELECT count(*) FROM attempts WHERE status <> 'in_progress' AND id = ANY(:ids)"),
            {"ids": [attempt_id for pairs in seeded.attempts.values() for attempt_id, _ in pairs]},
        ).scalar_one()
    quiz.extra["submitted"] = submitted
    log(f"  quiz submit: {submitted:,} attempts submitted in the database for {quiz.requests:,} POSTs")
    if submitted >= len(submissions):
        log("  NOTE: every prepared attempt was submitted before the time was up; the run is shorter")
    runs.append(quiz)


def run_mix(port: int, seeded: LoadSeeded, args) -> Run | None:
    """The session mix of ``args.users`` users (bench.load_mix), printed with each step's figures."""
    mix = None
    if args.users:
        users = seeded.mix_emails[: args.users]
        log(
            f"session mix: {len(users)} users, think time {args.think_min_ms}-{args.think_max_ms} ms, "
            f"{args.mix_duration:.0f} s"
        )
        result = session_mix(
            port,
            users,
            PASSWORD,
            seeded.quiz_slug,
            seeded.quiz_module_id,
            seeded.quiz_assessment_ids,
            (args.think_min_ms, args.think_max_ms),
            args.mix_duration,
            USER_AGENT,
        )
        times = result.all()
        mix = Run(
            f"session mix ({len(users)} users)",
            len(users),
            len(times) / result.seconds,
            percentile(times, 50),
            percentile(times, 95),
            percentile(times, 99),
            len(times),
            len(result.errors),
            os.getloadavg()[0],
            {"sessions": result.sessions, "steps": result.latencies},
        )
        log(
            f"session mix: {mix.requests:,} requests ({mix.rps:.1f} req/s), {result.sessions:,} whole sessions, "
            f"{mix.errors} errors, p50 {mix.p50_ms:.1f}, p95 {mix.p95_ms:.1f}, p99 {mix.p99_ms:.1f} ms "
            f"(load {mix.load:.2f})"
        )
        for step, values in result.latencies.items():
            log(
                f"  {step:<12} {len(values):>6,} requests  p50 {percentile(values, 50):7.1f}  "
                f"p95 {percentile(values, 95):7.1f}  max {max(values, default=0):7.1f} ms"
            )
        for error in result.errors[:10]:
            log(f"  error: {error}")
    return mix


def verdict(ok: bool) -> str:
    return "MET" if ok else "MISSED"


def report(runs: list[Run], mix: Run | None) -> list[str]:
    """The table (ratios to the trivial GET, mean of before and after, or to the trivial POST) and the targets."""
    lines: list[str] = []
    if runs:
        trivial_get = [r.rps for r in runs if r.label.startswith("trivial GET")]
        base_get = sum(trivial_get) / len(trivial_get)
        base_post = next((r.rps for r in runs if r.label.startswith("trivial POST")), 0.0) or 1.0
        lines += [
            "",
            "| page | conn | req/s | p50 ms | p99 ms | x trivial | errors | load avg |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for r in runs:
            base = base_post if "POST" in r.label or "submit" in r.label else base_get
            lines.append(
                f"| {r.label} | {r.connections} | {r.rps:,.1f} | {r.p50_ms:.1f} | {r.p99_ms:.1f} | "
                f"{r.rps / base:.3f} | {r.errors} | {r.load:.2f} |"
            )
        lines.append(f"(x trivial: against the trivial GET's mean of before and after, {base_get:,.1f} req/s)")
        if any(r.label.startswith("trivial POST") for r in runs):
            lines.append(f"(POSTs against the trivial POST, {base_post:,.1f} req/s)")
    if mix is not None:
        lines.append("")
        lines.append(
            f"session mix: {mix.connections} users, {mix.requests:,} requests, {mix.rps:.1f} req/s, "
            f"{mix.extra['sessions']:,} sessions, {mix.errors} errors, p50 {mix.p50_ms:.1f} ms, "
            f"p95 {mix.p95_ms:.1f} ms, p99 {mix.p99_ms:.1f} ms"
        )
    lines.append("")
    if runs:
        for prefix in ("catalog", "dashboard"):
            r = next((r for r in runs if r.label.startswith(prefix)), None)
            if r is None:
                continue
            ok = r.rps / base_get >= TARGETS[prefix] and r.p99_ms < P99_MS
            lines.append(
                f"target {r.label}: >= {TARGETS[prefix]:.0%} of trivial ({r.rps / base_get:.1%}) and p99 < "
                f"{P99_MS:.0f} ms ({r.p99_ms:.1f}) at {r.connections} connections: {verdict(ok)}"
            )
        quiz = next((r for r in runs if r.label.startswith("quiz submit")), None)
        if quiz is not None:
            ok = quiz.rps / base_post >= TARGETS["quiz submit"]
            lines.append(
                f"target quiz submit >= {TARGETS['quiz submit']:.0%} of trivial POST ({quiz.rps / base_post:.1%}): "
                f"{verdict(ok)}"
            )
        single = next((r for r in runs if r.label.startswith("gradebook 1,000") and r.connections == 1), None)
        if single is not None:
            lines.append(
                f"target gradebook 1,000 x 20 < {GRADEBOOK_MS:.0f} ms (p99 of one user: p50 {single.p50_ms:.1f}, p99 "
                f"{single.p99_ms:.1f} ms): {verdict(single.p99_ms < GRADEBOOK_MS)}"
            )
    if mix is not None:
        ok = mix.errors == 0 and mix.p95_ms < MIX_P95_MS
        lines.append(
            f"target session mix 0 errors ({mix.errors}) and p95 < {MIX_P95_MS:.0f} ms ({mix.p95_ms:.1f}): "
            f"{verdict(ok)}"
        )
    return lines


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_SERVER))
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4, as in the README)")
    parser.add_argument("--connections", type=int, default=20, help="wrk connections per page (default 20)")
    parser.add_argument("--duration", type=float, default=10, help="seconds measured per page (default 10)")
    parser.add_argument("--warmup", type=float, default=3, help="unmeasured seconds before each page (default 3)")
    parser.add_argument(
        "--users", type=int, default=MIX_USERS, help=f"session-mix users (default {MIX_USERS}; 0: none)"
    )
    parser.add_argument("--no-pages", action="store_true", help="only the session mix (no wrk runs)")
    parser.add_argument("--mix-duration", type=float, default=120, help="seconds of session mix (default 120)")
    parser.add_argument("--think-min-ms", type=int, default=2000, help="think time before each request, min (2000)")
    parser.add_argument("--think-max-ms", type=int, default=8000, help="think time before each request, max (8000)")
    parser.add_argument(
        "--pages",
        default=",".join(PAGES),
        help=f"wrk pages to measure, comma-separated, among {','.join(PAGES)} (default all; '' for none)",
    )
    parser.add_argument(
        "--keep-database",
        metavar="NAME",
        help="seed into the database NAME and keep it; reuse it as it is when it exists (seeded once, measured many "
        "times; the quiz submission and the session mix change it)",
    )
    parser.add_argument(
        "--in-process",
        type=int,
        default=0,
        metavar="N",
        help="before gunicorn: N requests per page through the "
        "Flask test client (catalog, course, dashboard among --pages): median, p95, SQL statements",
    )
    parser.add_argument(
        "--profile", type=Path, metavar="DIR", help="with --in-process: a pyinstrument profile per page"
    )
    args = parser.parse_args(argv)
    args.pages = [p.strip() for p in args.pages.split(",") if p.strip()]
    if set(args.pages) - set(PAGES):
        parser.error(f"--pages: among {','.join(PAGES)}")
    if not 0 <= args.users <= MIX_USERS:
        parser.error(f"--users: 0 to {MIX_USERS}")
    if not 0 < args.duration <= 300 or not 0 <= args.warmup <= 60 or not 0 < args.mix_duration <= 600:
        parser.error("--duration 1-300 s, --warmup 0-60 s, --mix-duration 1-600 s")
    if not 0 <= args.think_min_ms <= args.think_max_ms <= 60_000:
        parser.error("think times: 0 <= --think-min-ms <= --think-max-ms <= 60000")

    server = server_from(args.database_url)
    ensure_wrk()
    interrupt_on_sigterm()
    started = time.perf_counter()
    log(f"load average at the start: {' '.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} cores)")
    runs, mix = [], None
    try:
        with tempfile.TemporaryDirectory(prefix="cai-bench-load-") as tmp:
            database = (
                partial(kept_database, server, args.keep_database)
                if args.keep_database
                else partial(seeded_database, server)
            )
            with database(
                SIZE,
                Path(tmp),
                lambda conn: seed(conn, random.Random("cai-bench-load")),
                "10,000 trainees, 500 courses, 100,000 enrolments, ~500,000 answers",
            ) as (app, engine, seeded):
                if args.in_process:
                    in_process(app, engine, seeded, args.pages, args.in_process, args.profile)
                if (args.pages and not args.no_pages) or args.users:
                    url = app.config["SQLALCHEMY_DATABASE_URI"]
                    with gunicorn(url, args.workers, Path(tmp)) as port:
                        runs, mix = run_benchmark(port, seeded, engine, args, Path(tmp))
    except KeyboardInterrupt:
        log("bench: interrupted; gunicorn was stopped and the throwaway database dropped")
        return 130
    for line in report(runs, mix):
        log(line)
    log(f"\nload average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    log(f"Total {time.perf_counter() - started:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
