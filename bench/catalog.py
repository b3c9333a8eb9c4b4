"""On-demand benchmark of the catalog, course and enrolment pages on PostgreSQL (not part of the unit tests).

Creates a throwaway database per size, migrates it to head, seeds it in bulk, measures pages with the
app's own test client (median, p95, SQL queries per request), prints small vs large with ratios, runs
EXPLAIN ANALYZE on the catalog's listing and facet queries, and drops the databases (also on error or
Ctrl-C). Run: ``make bench`` or ``.venv/bin/python -m bench.catalog [--database-url URL]``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import signal
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, event, insert, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from tests.conftest import make_test_app, throwaway_postgres
from tests.factories import Browser

DEFAULT_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
PASSWORD = "bench-password-2026"  # noqa: S105 - a throwaway account in a throwaway database
SIZES = {"small": {"courses": 100, "trainees": 1_000, "enrolments": 2_000}}
SIZES["large"] = {"courses": 5_000, "trainees": 10_000, "enrolments": 50_000}
HOT_ENROLMENTS = 1_000  # enrolments of the course whose page and enrolment list are measured
MODULES_PER_COURSE = 4
INSTITUTIONS = 50

TOPICS = [
    "Waste management",
    "Air quality monitoring",
    "Water pollution control",
    "Climate adaptation planning",
    "Green procurement",
    "Biodiversity monitoring",
    "Circular economy",
    "Energy recovery from waste",
    "Low-carbon cities",
    "Environmental impact assessment",
    "Sustainable finance",
    "Coastal ecosystems",
]
AUDIENCES = ["city officials", "plant operators", "researchers", "NGO staff", "inspectors", "teachers"]
LANGUAGE_WEIGHTS = {"en": 50, "ja": 15, "zh": 6, "th": 6, "vi": 6, "id": 5, "ko": 4, "ms": 3, "hi": 3, "mn": 2}
LEVEL_WEIGHTS = {"introductory": 45, "intermediate": 35, "advanced": 20}
SECTORS = ["government", "industry", "academia", "civil_society", "international"]
COUNTRIES = ["JP", "TH", "VN", "ID", "MY", "PH", "KH", "LA", "MM", "MN", "BD", "NP", "IN", "CN", "KR"]
STATUS_WEIGHTS = {"active": 70, "completed": 15, "pending": 5, "waitlisted": 3, "withdrawn": 5, "rejected": 2}
EXPECTED_INDEXES = (
    "ix_course_objectives_objective_id",
    "ix_module_objectives_objective_id",
    "ix_courses_status_published_at",
    "ix_courses_language",
    "ix_courses_level",
    "ix_course_institutions_institution_id",
    "ix_modules_course_id_position",
    "ix_enrolments_course_status",
)
INDEX_USE = re.compile(r"(?:Index(?: Only)? Scan(?: Backward)? using|Bitmap Index Scan on) (\w+)")


def log(message: str) -> None:
    print(message, flush=True)


# --- Database and app -----------------------------------------------------------------------------


def check_server(server) -> None:
    engine = create_engine(server, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 5})
    try:
        with engine.connect() as conn:
            version = conn.execute(text("SHOW server_version")).scalar()
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        sys.exit(
            f"bench: cannot reach PostgreSQL at {server.render_as_string(hide_password=True)}: {reason}\n"
            "Start the server or pass --database-url postgresql+psycopg://USER@HOST:PORT/DB."
        )
    finally:
        engine.dispose()
    log(f"PostgreSQL {version} at {server.render_as_string(hide_password=True)}")


def server_from(database_url: str):
    """The server URL (psycopg 3 driver), checked: exits with a message if it is not PostgreSQL or unreachable."""
    server = make_url(database_url)
    if not server.drivername.startswith("postgresql"):
        sys.exit("bench: --database-url must be a PostgreSQL URL")
    server = server.set(drivername="postgresql+psycopg")
    check_server(server)
    return server


def interrupt_on_sigterm() -> None:
    """SIGTERM unwinds like Ctrl-C, so the throwaway databases are dropped."""

    def on_term(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_term)


# --- Seeding --------------------------------------------------------------------------------------


def weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


@dataclass
class Seeded:
    hot_slug: str = ""
    instructor_email: str = ""
    counts: dict[str, int] = field(default_factory=dict)


def insert_rows(conn, table, rows, label: str, size: str, counts: dict, copy: bool = False) -> None:
    """Bulk insert (executemany, or ``COPY`` with ``copy=True``) with a progress line; ``counts`` adds up the rows
    per table."""
    started = time.perf_counter()
    if rows and copy:
        copy_rows(conn, table, rows)
    elif rows:
        conn.execute(insert(table), rows)
    counts[table.name] = counts.get(table.name, 0) + len(rows)
    log(f"  [{size}] {label}: {len(rows):,} rows in {time.perf_counter() - started:.1f}s")


def copy_rows(conn, table, rows: list[dict]) -> None:
    """``COPY table FROM STDIN`` through the connection's own psycopg connection (same transaction).

    Columns missing from the rows get their Python-side default, evaluated once, as Core's insert would;
    JSON columns are sent as JSON text.
    """
    from sqlalchemy import JSON

    given = list(rows[0])
    defaults = {
        column.name: column.default.arg(None) if column.default.is_callable else column.default.arg
        for column in table.columns
        if column.name not in rows[0] and column.default is not None and not column.default.is_sequence
    }
    names = given + list(defaults)
    json_columns = {column.name for column in table.columns if isinstance(column.type, JSON)}
    dump = [json.dumps if name in json_columns else None for name in names]
    fixed = tuple(defaults.values())
    raw = conn.connection.driver_connection
    with raw.cursor() as cursor, cursor.copy(f"COPY {table.name} ({', '.join(names)}) FROM STDIN") as out:
        for row in rows:
            values = tuple(row[name] for name in given) + fixed
            out.write_row(tuple(v if f is None or v is None else f(v) for v, f in zip(values, dump, strict=True)))


def seed(conn, size: str, spec: dict, rng: random.Random) -> Seeded:
    from werkzeug.security import generate_password_hash

    from training.auth.models import User, UserRole
    from training.courses.models import (
        Course,
        CourseInstitution,
        Enrolment,
        Module,
        ModuleProgress,
        course_instructors,
        course_objectives,
        module_objectives,
    )
    from training.institutions.models import Institution
    from training.objectives.models import Objective

    out = Seeded()
    counts = out.counts
    now = datetime.now(UTC).replace(microsecond=0)
    # One cheap hash for every account: the login check reads the method from the hash itself.
    password_hash = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")

    objective_ids = list(conn.execute(select(Objective.id).order_by(Objective.position)).scalars())

    insert_rows(
        conn,
        Institution.__table__,
        [
            {
                "name": f"Bench {SECTORS[i % len(SECTORS)].replace('_', ' ').title()} Institute {i:02d}",
                "short_name": f"BI{i:02d}",
                "sector": SECTORS[i % len(SECTORS)],
                "country": COUNTRIES[(i * 7) % len(COUNTRIES)],
                "website": f"https://institute{i}.example.org",
            }
            for i in range(INSTITUTIONS)
        ],
        "institutions",
        size,
        counts,
    )
    institution_ids = list(conn.execute(select(Institution.id).order_by(Institution.id)).scalars())

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
    users += [
        {
            "email": f"trainee{i:06d}@bench.example",
            "name": f"Trainee {i:06d}",
            "password_hash": password_hash,
            "country": rng.choice(COUNTRIES),
            "institution_id": rng.choice(institution_ids) if rng.random() < 0.6 else None,
            "email_confirmed_at": now,
        }
        for i in range(spec["trainees"])
    ]
    insert_rows(conn, User.__table__, users, "users", size, counts)
    user_ids = dict(conn.execute(select(User.email, User.id)).all())
    instructor_id = user_ids[out.instructor_email]
    trainee_ids = [user_ids[u["email"]] for u in users[1:]]
    roles = [{"user_id": instructor_id, "role": "instructor"}] + [
        {"user_id": uid, "role": "trainee"} for uid in trainee_ids
    ]
    insert_rows(conn, UserRole.__table__, roles, "user roles", size, counts)

    n = spec["courses"]
    hot_index = n // 2
    courses = []
    for i in range(n):
        topic = rng.choice(TOPICS)
        level = weighted(rng, LEVEL_WEIGHTS)
        courses.append(
            {
                "slug": f"bench-{size}-{i:05d}",
                "title": f"{topic}: {rng.choice(['basics', 'in practice', 'for cities', 'case studies'])} {i}",
                "summary": f"A {level} course on {topic.lower()} for {rng.choice(AUDIENCES)}.",
                "description": f"Course {i} about {topic.lower()}.",
                "language": weighted(rng, LANGUAGE_WEIGHTS),
                "level": level,
                "estimated_hours": rng.choice([2, 4, 6, 8, 12]),
                "enrolment_mode": "open",
                "capacity": 5_000 if i == hot_index else None,
                "status": "published",
                "created_by_id": instructor_id,
                "created_at": now - timedelta(days=1100),
                "published_at": now - timedelta(minutes=rng.randrange(3 * 365 * 24 * 60)),
            }
        )
    out.hot_slug = courses[hot_index]["slug"]
    insert_rows(conn, Course.__table__, courses, "courses", size, counts)
    course_ids = list(conn.execute(select(Course.id).order_by(Course.id)).scalars())
    hot_id = dict(conn.execute(select(Course.slug, Course.id)).all())[out.hot_slug]

    insert_rows(
        conn,
        course_objectives,
        [
            {"course_id": cid, "objective_id": oid}
            for cid in course_ids
            for oid in rng.sample(objective_ids, rng.randint(1, 3))
        ],
        "course objective tags",
        size,
        counts,
    )
    links = []
    for cid in course_ids:
        for role, iid in zip(("host", "co-host"), rng.sample(institution_ids, rng.randint(1, 2)), strict=False):
            links.append({"course_id": cid, "institution_id": iid, "role": role})
    insert_rows(conn, CourseInstitution.__table__, links, "institution links", size, counts)
    insert_rows(
        conn,
        course_instructors,
        [{"course_id": hot_id, "user_id": instructor_id}],
        "instructors",
        size,
        counts,
    )

    insert_rows(
        conn,
        Module.__table__,
        [
            {
                "course_id": cid,
                "position": p,
                "title": f"Module {p + 1}",
                "body": "Reading and exercises.",
                "required": True,
                "estimated_minutes": 30,
            }
            for cid in course_ids
            for p in range(MODULES_PER_COURSE)
        ],
        "modules",
        size,
        counts,
    )
    modules_by_course: dict[int, list[int]] = {}
    for cid, mid in conn.execute(select(Module.course_id, Module.id).order_by(Module.course_id, Module.position)):
        modules_by_course.setdefault(cid, []).append(mid)
    insert_rows(
        conn,
        module_objectives,
        [
            {"module_id": mid, "objective_id": oid}
            for mids in modules_by_course.values()
            for mid in mids
            for oid in rng.sample(objective_ids, rng.randint(1, 3))
        ],
        "module objective tags",
        size,
        counts,
    )

    # Enrolments: HOT_ENROLMENTS on the measured course, the rest spread over the others.
    pairs = [(uid, hot_id) for uid in trainee_ids[:HOT_ENROLMENTS]]
    taken = set(pairs)
    others = [cid for cid in course_ids if cid != hot_id]
    while len(pairs) < spec["enrolments"]:
        pair = (trainee_ids[len(pairs) % len(trainee_ids)], rng.choice(others))
        if pair not in taken:
            taken.add(pair)
            pairs.append(pair)
    enrolment_rows = []
    for uid, cid in pairs:
        status = weighted(rng, STATUS_WEIGHTS)
        requested = now - timedelta(minutes=rng.randrange(365 * 24 * 60))
        enrolment_rows.append(
            {
                "user_id": uid,
                "course_id": cid,
                "status": status,
                "reason": "Not eligible for this cohort." if status == "rejected" else None,
                "requested_at": requested,
                "status_changed_at": requested + timedelta(minutes=rng.randrange(60 * 24)),
                "completed_at": requested + timedelta(days=30) if status == "completed" else None,
            }
        )
    insert_rows(conn, Enrolment.__table__, enrolment_rows, "enrolments", size, counts)
    progress = []
    for eid, cid, status in conn.execute(select(Enrolment.id, Enrolment.course_id, Enrolment.status)):
        mids = modules_by_course[cid]
        done = len(mids) if status == "completed" else rng.randint(0, len(mids) - 1) if status == "active" else 0
        progress.extend({"enrolment_id": eid, "module_id": mid} for mid in mids[:done])
    insert_rows(conn, ModuleProgress.__table__, progress, "module progress", size, counts)
    return out


# --- Measuring ------------------------------------------------------------------------------------


class QueryCounter:
    """Every statement sent on the engine (a before_cursor_execute listener), with its parameters."""

    def __init__(self, engine):
        self.engine = engine
        self.statements: list[tuple[str, object]] = []

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._before)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._before)

    def _before(self, conn, cursor, statement, parameters, context, executemany):
        if not re.match(r"\s*(SAVEPOINT|RELEASE|ROLLBACK)", statement, re.I):
            self.statements.append((statement, parameters))

    def reset(self) -> None:
        self.statements = []


@dataclass
class Result:
    median_ms: float
    p95_ms: float
    queries: int
    queries_max: int
    status: int


def measure(client, url: str, counter: QueryCounter, n: int, warmups: int) -> Result:
    for _ in range(warmups):
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} answered {response.status_code}")
    times, counts = [], []
    for _ in range(n):
        counter.reset()
        started = time.perf_counter()
        response = client.get(url)
        response.get_data()
        times.append((time.perf_counter() - started) * 1000)
        counts.append(len(counter.statements))
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} answered {response.status_code}")
    return Result(statistics.median(times), p95(times), min(counts), max(counts), response.status_code)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[math.ceil(0.95 * len(ordered)) - 1]


def login(client, email: str) -> None:
    response = client.post("/auth/login", {"email": email, "password": PASSWORD})  # Browser adds the CSRF token
    if response.status_code != 302:
        raise RuntimeError(f"login failed: {response.status_code}")


def scenarios(hot_slug: str, size: str) -> list[tuple[str, str, bool]]:
    """(label, url, needs the instructor's login)."""
    items = [
        ("catalog", "/courses/", False),
        ("catalog ?objective=material-cycle", "/courses/?objective=material-cycle", False),
        (
            "catalog ?objective=low-carbon&language=en&level=intermediate",
            "/courses/?objective=low-carbon&language=en&level=intermediate",
            False,
        ),
        ("catalog ?q=waste", "/courses/?q=waste", False),
    ]
    if size == "large":
        items.append(("catalog ?page=20", "/courses/?page=20", False))
    items.append((f"course page ({HOT_ENROLMENTS:,} enrolments)", f"/courses/{hot_slug}", False))
    items.append((f"instructor enrolments ({HOT_ENROLMENTS:,})", f"/courses/{hot_slug}/enrolments", True))
    return items


# --- EXPLAIN --------------------------------------------------------------------------------------


def classify(statement: str) -> str | None:
    s = " ".join(statement.split())
    if "ORDER BY courses.published_at DESC" in s and "LIMIT" in s:
        return "listing (page of 12)"
    if s.startswith("SELECT count(*)") and "courses" in s:
        return "listing total (count)"
    if "GROUP BY" not in s:
        return None
    for marker, label in (
        ("GROUP BY course_objective_pairs.objective_id", "facet objective"),
        ("GROUP BY course_institutions.institution_id", "facet institution"),
        ("GROUP BY institutions.sector", "facet sector"),
        ("GROUP BY courses.language", "facet language"),
        ("GROUP BY courses.level", "facet level"),
    ):
        if marker in s:
            return label
    return None


def explain(app, url: str, plan_lines: int) -> None:
    from training.extensions import db

    with app.app_context():
        engine = db.engine
    with QueryCounter(engine) as counter:
        response = app.test_client().get(url)
    assert response.status_code == 200, response.status_code
    log(f"\nEXPLAIN (ANALYZE, BUFFERS OFF) for the queries of GET {url} (large data)")
    with engine.connect() as conn:
        for statement, parameters in counter.statements:
            label = classify(statement)
            if label is None:
                continue
            plan = explain_plan(conn, statement, parameters)
            note = None
            if label.startswith("listing (page") and "ix_courses_status_published_at" not in plan_indexes(plan):
                note = (
                    "ix_courses_status_published_at is not used: every matching course is read and "
                    "sorted for a page of 12"
                )
            log_plan(label, plan, EXPECTED_INDEXES, plan_lines, note=note)


def explain_plan(conn, statement: str, parameters) -> list[str]:
    """The lines of ``EXPLAIN (ANALYZE, BUFFERS OFF)`` for a statement exactly as the app sent it."""
    return [row[0] for row in conn.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS OFF) " + statement, parameters)]


def plan_indexes(plan: list[str]) -> list[str]:
    return sorted(set(INDEX_USE.findall("\n".join(plan))))


def log_plan(
    label: str, plan: list[str], expected_indexes, plan_lines: int, note: str | None = None, kind: str = "catalog"
) -> list[str]:
    """Print execution time, indexes used (and which expected ones), sequential scans and the plan's top lines."""
    body = "\n".join(plan)
    used = plan_indexes(plan)
    seq = [
        f"{table} (rows={rows})" for table, rows in re.findall(r"Seq Scan on (\w+).*?actual time=\S+ rows=(\d+)", body)
    ]
    total = next((line.strip() for line in plan if line.startswith("Execution Time")), "")
    log(f"\n-- {label}: {total}")
    log(f"   indexes used: {', '.join(used) or 'none'}")
    expected = [name for name in used if name in expected_indexes]
    log(f"   of the expected {kind} indexes: {', '.join(expected) or 'none'}")
    log(f"   sequential scans: {', '.join(seq) or 'none'}")
    if note:
        log(f"   NOTE: {note}")
    for line in plan[:plan_lines]:
        log(f"   | {line}")
    if len(plan) > plan_lines:
        log(f"   | ... ({len(plan) - plan_lines} more lines)")
    return used


# --- Main -----------------------------------------------------------------------------------------


@contextmanager
def seeded_database(server, size: str, tmp: Path, seed_fn, what: str):
    """A throwaway database migrated to head, seeded by ``seed_fn(conn)`` and analysed: yields (app, engine, seeded).

    The database is dropped on the way out, also after an error or Ctrl-C (``throwaway_postgres``).
    """
    from flask_migrate import upgrade

    from training.extensions import db

    with throwaway_postgres(server.render_as_string(hide_password=False), prefix="cai_bench") as url:
        app = make_test_app(url, tmp / size)
        started = time.perf_counter()
        with app.app_context():
            upgrade()
            took = time.perf_counter() - started
            log(f"[{size}] migrated to head in {took:.1f}s; seeding {what}")
            started = time.perf_counter()
            with db.engine.begin() as conn:
                seeded = seed_fn(conn)
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM (ANALYZE)"))
            log(f"[{size}] seeded and analysed in {time.perf_counter() - started:.1f}s")
            engine = db.engine
        yield app, engine, seeded
        with app.app_context():
            db.engine.dispose()
    log(f"[{size}] dropped its throwaway database")


def run_size(server, size: str, args, tmp: Path) -> tuple[dict[str, Result], object]:
    spec = SIZES[size]
    with seeded_database(
        server,
        size,
        tmp,
        lambda conn: seed(conn, size, spec, random.Random(f"cai-bench-{size}")),
        f"{spec['courses']:,} courses",
    ) as (app, engine, seeded):
        results: dict[str, Result] = {}
        anonymous = app.test_client()
        instructor = Browser(app.test_client())
        login(instructor, seeded.instructor_email)
        with QueryCounter(engine) as counter:
            for label, path, staff in scenarios(seeded.hot_slug, size):
                started = time.perf_counter()
                results[label] = measure(instructor if staff else anonymous, path, counter, args.requests, args.warmups)
                r = results[label]
                log(
                    f"[{size}] {label}: median {r.median_ms:.1f} ms, p95 {r.p95_ms:.1f} ms, "
                    f"{r.queries} queries ({time.perf_counter() - started:.1f}s)"
                )
        if size == "large" and not args.no_explain:
            for path in ("/courses/", "/courses/?objective=low-carbon&language=en&level=intermediate"):
                explain(app, path, args.plan_lines)
    return results, seeded


def report(small: dict[str, Result], large: dict[str, Result], n: int, warmups: int) -> None:
    log(f"\nResults: median and p95 of {n} requests after {warmups} warm-ups; q = SQL queries per request")
    header = (
        f"{'request':<62} {'small med':>9} {'p95':>7} {'q':>3}   {'large med':>9} {'p95':>7} {'q':>3}"
        f"   {'x time':>6} {'x q':>5}"
    )
    log(header)
    log("-" * len(header))

    def q(r: Result) -> str:
        return str(r.queries) if r.queries == r.queries_max else f"{r.queries}-{r.queries_max}"

    for label, big in large.items():
        little = small.get(label)
        left = (
            f"{little.median_ms:9.1f} {little.p95_ms:7.1f} {q(little):>3}" if little else f"{'-':>9} {'-':>7} {'-':>3}"
        )
        ratio_t = f"{big.median_ms / little.median_ms:6.2f}" if little else f"{'-':>6}"
        ratio_q = f"{big.queries / little.queries:5.2f}" if little else f"{'-':>5}"
        log(f"{label:<62} {left}   {big.median_ms:9.1f} {big.p95_ms:7.1f} {q(big):>3}   {ratio_t} {ratio_q}")
    log("(times in ms; x = large / small, both measured in this run on this machine)")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_SERVER))
    parser.add_argument("--requests", type=int, default=30, help="measured requests per page (default 30)")
    parser.add_argument("--warmups", type=int, default=3, help="unmeasured requests first (default 3)")
    parser.add_argument("--plan-lines", type=int, default=14, help="plan lines printed per query (default 14)")
    parser.add_argument("--no-explain", action="store_true", help="skip the EXPLAIN ANALYZE section")
    args = parser.parse_args(argv)

    server = server_from(args.database_url)
    interrupt_on_sigterm()
    started = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory(prefix="cai-bench-") as tmp:
            small, _ = run_size(server, "small", args, Path(tmp))
            large, _ = run_size(server, "large", args, Path(tmp))
    except KeyboardInterrupt:
        log("bench: interrupted; the throwaway database was dropped")
        return 130
    report(small, large, args.requests, args.warmups)
    log(f"\nTotal {time.perf_counter() - started:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
