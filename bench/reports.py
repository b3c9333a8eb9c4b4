"""On-demand benchmark of the reports page and its CSV export on PostgreSQL (not part of the unit tests).

Creates a throwaway database per size, migrates it to head, seeds the normal demo and then the large demo history in
bulk (``training.main.demo_large.seed_large``: ~5,000 enrolments small, ~100,000 large), measures ``/reports`` with
and without filters, as the platform admin and as the Japanese ministry's partner admin, and ``/reports?format=csv``
(median, p95, SQL queries per request), prints small vs large with ratios, runs EXPLAIN ANALYZE on the report's
queries on the large data (indexes used, sequential scans, the slowest plans) and drops the databases (also on error
or Ctrl-C). Run: ``make bench-reports`` or ``.venv/bin/python -m bench.reports``. Helpers come from ``bench.catalog``.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.catalog import (
    DEFAULT_SERVER,
    QueryCounter,
    Result,
    explain_plan,
    interrupt_on_sigterm,
    log,
    log_plan,
    plan_indexes,
    report,
    seeded_database,
    server_from,
)
from bench.gradebook import measure_stream
from tests.conftest import cheap_hashes
from tests.factories import Browser

SIZES = {"small": 2_150, "large": 43_000}  # generated trainees: ~2.3 enrolments each
SEED = 1
ADMIN, PARTNER = "admin@cai-demo.org", "partner@cai-demo.org"  # the partner admin of MOEJ (the Japanese ministry)
REPORT_INDEXES = (
    "ix_enrolments_requested_at",
    "ix_enrolments_completed_at",
    "ix_enrolments_course_status",
    "uq_enrolments_user_id_course_id",
    "ix_certificates_issued_at",
    "ix_certificates_course_id_status",
    "ix_certificates_user_id",
    "ix_course_objectives_objective_id",
    "ix_course_institutions_institution_id",
    "ix_course_instructors_user_id",
    "ix_attempts_user_id_assessment_id",
    "ix_attempts_assessment_id_status",
    "ix_assessments_course_id_position",
)
BIGGER_WORK_MEM = "32MB"
BIG_TABLES = ("enrolments", "certificates", "attempts", "users", "module_progress")
SEQ_SCAN = re.compile(
    r"Seq Scan on (\w+)(?: \w+)?\s+\(cost=\S+ rows=\d+ width=\d+\) \(actual time=\S+ rows=(\d+) loops=(\d+)\)"
)


@dataclass
class Seeded:
    counts: dict[str, int] = field(default_factory=dict)
    last_year: int = 0


def scenarios(last_year: int) -> list[tuple[str, str, str]]:
    """(label, url, who): the admin sees every course, the partner the courses linked to the ministry."""
    year = f"from={last_year}-01-01&to={last_year}-12-31"
    return [
        ("admin /reports", "/reports", ADMIN),
        ("admin ?objective=material-cycle", "/reports?objective=material-cycle", ADMIN),
        ("admin ?country=TH", "/reports?country=TH", ADMIN),
        (f"admin last year ({last_year})", f"/reports?{year}", ADMIN),
        ("admin material-cycle+JP+last year", f"/reports?objective=material-cycle&country=JP&{year}", ADMIN),
        ("admin ?format=csv", "/reports?format=csv", ADMIN),
        ("admin material-cycle+last year csv", f"/reports?objective=material-cycle&{year}&format=csv", ADMIN),
        ("partner /reports", "/reports", PARTNER),
        ("partner material-cycle+last year", f"/reports?objective=material-cycle&{year}", PARTNER),
        ("partner ?format=csv", "/reports?format=csv", PARTNER),
    ]


# --- Seeding -----------------------------------------------------------------------------------------------------


def seed(size: str, trainees: int) -> Seeded:
    """The normal demo, then the large history: the same code as ``flask seed-demo --large``."""
    from sqlalchemy import func, select

    from training.db import utcnow
    from training.extensions import db
    from training.main.demo import seed_demo
    from training.main.demo_large import seed_large

    started = time.perf_counter()
    with cheap_hashes():
        summary = seed_demo()
        log(f"  [{size}] demo: {summary[:90]}... ({time.perf_counter() - started:.1f}s)")
        seed_large(trainees=trainees, seed=SEED, echo=lambda line: log(f"  [{size}] {line.strip()}"))
    out = Seeded(last_year=utcnow().year - 1)
    for table in ("users", "courses", "enrolments", "module_progress", "attempts", "certificates"):
        out.counts[table] = db.session.scalar(select(func.count()).select_from(db.metadata.tables[table]))
    db.session.remove()
    return out


# --- EXPLAIN -------------------------------------------------------------------------------------------------------


def classify(statement: str) -> str | None:
    """Which of the report's queries a statement is (None for the login, session and taxonomy lookups)."""
    s = " ".join(statement.split())
    if s.startswith("SELECT count(*)") and "FROM courses" in s:
        return "courses in scope (count)"
    if "AS events" in s:
        kind = "people"
    elif "AS results" in s:
        kind = "grades"
    else:
        return None
    # The statement's own GROUP BY is the one outside every parenthesis (subqueries have theirs inside).
    outer = [m.end() for m in re.finditer("GROUP BY", s) if s[: m.start()].count("(") == s[: m.start()].count(")")]
    if not outer:
        return f"{kind}: total"
    tail = s[outer[-1] :]
    if "root_id" in tail and "country" in tail:
        return f"{kind}: objective x country"
    for marker, label in (("root_id", "objective"), ("country", "country"), ("sector", "sector"), ("to_char", "month")):
        if marker in tail:
            return f"{kind}: by {label}"
    return f"{kind}: {tail[:40]}"


@dataclass
class Plan:
    label: str
    ms: float
    indexes: list[str]
    seq_scans: list[tuple[str, int]]  # (table, rows read per loop x loops)
    lines: list[str]
    work_mem: str = ""
    bigger_ms: float = 0.0


def explain_request(app, engine, browser, url: str) -> list[Plan]:
    with QueryCounter(engine) as counter:
        response = browser.get(url)
        body = response.get_data()
    assert response.status_code == 200 and body, response.status_code
    plans = []
    with engine.connect() as conn:
        for statement, parameters in counter.statements:
            label = classify(statement)
            if label is None:
                continue
            lines = explain_plan(conn, statement, parameters)
            body = "\n".join(lines)
            seq = [(table, int(rows) * int(loops)) for table, rows, loops in SEQ_SCAN.findall(body)]
            plan = Plan(label, execution_ms(lines), plan_indexes(lines), seq, lines)
            if "external merge" in body:  # a sort spilled to disk: how long with more memory for sorts?
                plan.work_mem = conn.exec_driver_sql("SHOW work_mem").scalar()
                conn.exec_driver_sql(f"SET work_mem = '{BIGGER_WORK_MEM}'")
                plan.bigger_ms = execution_ms(explain_plan(conn, statement, parameters))
                conn.exec_driver_sql("RESET work_mem")
            plans.append(plan)
    return plans


def execution_ms(lines: list[str]) -> float:
    total = next((line for line in lines if line.startswith("Execution Time")), "Execution Time: 0 ms")
    return float(re.search(r"([\d.]+) ms", total).group(1))


def explain_all(app, engine, browsers: dict, last_year: int, plan_lines: int, top: int) -> None:
    year = f"from={last_year}-01-01&to={last_year}-12-31"
    for who, url in ((ADMIN, "/reports"), (ADMIN, f"/reports?objective=material-cycle&{year}"), (PARTNER, "/reports")):
        plans = explain_request(app, engine, browsers[who], url)
        total = sum(p.ms for p in plans)
        log(f"\nEXPLAIN (ANALYZE, BUFFERS OFF) of the report's queries for GET {url} as {who} (large data)")
        log(f"{'query':<30} {'exec ms':>8}  {'share':>5}  indexes used / sequential scans (rows read)")
        for p in plans:
            seq = ", ".join(f"{t} {n:,}" for t, n in p.seq_scans) or "-"
            log(f"{p.label:<30} {p.ms:8.1f}  {100 * p.ms / total:4.0f}%  idx: {', '.join(p.indexes) or 'none'}")
            log(f"{'':<30} {'':>8}  {'':>5}  seq: {seq}")
        log(f"{'all report queries':<30} {total:8.1f}")
        people = sum(p.ms for p in plans if p.label.startswith("people"))
        grades = sum(p.ms for p in plans if p.label.startswith("grades"))
        log(f"people queries {people:.0f} ms ({100 * people / total:.0f} %), grades {grades:.0f} ms")
        for p in sorted(plans, key=lambda p: -p.ms)[:top]:
            big = [(t, n) for t, n in p.seq_scans if t in BIG_TABLES and n >= 10_000]
            note = None
            if big:
                note = "sequential scans of " + ", ".join(f"{t} ({n:,} rows read)" for t, n in big)
            log_plan(f"{p.label} [{url} as {who}]", p.lines, REPORT_INDEXES, plan_lines, note=note, kind="report")
            if any("external merge" in line for line in p.lines):
                log(f"   sorts spill to disk at work_mem {p.work_mem}; at {BIGGER_WORK_MEM}: {p.bigger_ms:.1f} ms")


# --- Main ----------------------------------------------------------------------------------------------------------


def login(app, email: str) -> Browser:
    from training.main.demo import DEMO_PASSWORD

    browser = Browser(app.test_client())
    response = browser.post("/auth/login", {"email": email, "password": DEMO_PASSWORD})
    if response.status_code != 302:
        raise RuntimeError(f"login of {email} failed: {response.status_code}")
    return browser


def run_size(server, size: str, args, tmp: Path) -> tuple[dict[str, Result], Seeded]:
    trainees = SIZES[size]
    with seeded_database(
        server, size, tmp, lambda conn: seed(size, trainees), f"the demo and {trainees:,} generated trainees"
    ) as (app, engine, seeded):
        log(f"[{size}] " + ", ".join(f"{table} {n:,}" for table, n in seeded.counts.items()))
        browsers = {email: login(app, email) for email in (ADMIN, PARTNER)}
        results: dict[str, Result] = {}
        with QueryCounter(engine) as counter:
            for label, url, who in scenarios(seeded.last_year):
                started = time.perf_counter()
                results[label] = r = measure_stream(browsers[who], url, counter, args.requests, args.warmups).result
                log(
                    f"[{size}] {label}: median {r.median_ms:.1f} ms, p95 {r.p95_ms:.1f} ms, "
                    f"{r.queries} queries ({time.perf_counter() - started:.1f}s)"
                )
        if size == "large" and not args.no_explain:
            explain_all(app, engine, browsers, seeded.last_year, args.plan_lines, args.top)
    return results, seeded


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_SERVER))
    parser.add_argument("--requests", type=int, default=20, help="measured requests per page (default 20)")
    parser.add_argument("--warmups", type=int, default=2, help="unmeasured requests first (default 2)")
    parser.add_argument("--plan-lines", type=int, default=24, help="plan lines printed per query (default 24)")
    parser.add_argument("--top", type=int, default=3, help="slowest plans printed per request (default 3)")
    parser.add_argument("--no-explain", action="store_true", help="skip the EXPLAIN ANALYZE section")
    parser.add_argument("--small", type=int, default=SIZES["small"], help="generated trainees, small (2,150)")
    parser.add_argument("--large", type=int, default=SIZES["large"], help="generated trainees, large (43,000)")
    args = parser.parse_args(argv)
    SIZES.update(small=args.small, large=args.large)

    server = server_from(args.database_url)
    interrupt_on_sigterm()
    started = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory(prefix="cai-bench-") as tmp:
            small, small_seeded = run_size(server, "small", args, Path(tmp))
            large, large_seeded = run_size(server, "large", args, Path(tmp))
    except KeyboardInterrupt:
        log("bench: interrupted; the throwaway database was dropped")
        return 130
    log(
        "\nData: "
        + "; ".join(f"{t} {small_seeded.counts[t]:,} -> {large_seeded.counts[t]:,}" for t in small_seeded.counts)
    )
    report(small, large, args.requests, args.warmups)
    unequal = [label for label in large if small[label].queries != large[label].queries]
    counts = "; ".join(f"{label} {small[label].queries}/{r.queries}" for label, r in large.items())
    log(f"Queries per request, small/large: {counts}")
    log("Query counts differ for: " + "; ".join(unequal) if unequal else "Query counts: equal for every request.")
    log(f"\nTotal {time.perf_counter() - started:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
