"""The load benchmark's session mix: simulated users, each a coroutine, with think times (asyncio, no wrk).

Each user logs in through the form (its CSRF token), opens the dashboard, the course page and a module, starts a
quiz, opens it, submits the answers and logs out; then again until the time is up. Every request is a new connection
closed by the server (as gunicorn's sync workers answer), opened only when the request is sent: a client that held a
connection open during its think time would block a sync worker for that long (wrk does that with ``delay()``; a
buffering proxy such as nginx shields the workers from it in production).
"""

from __future__ import annotations

import asyncio
import math
import random
import re
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

from tests.factories import _CSRF

STEPS = ("login page", "log in", "dashboard", "course", "module", "start quiz", "quiz page", "submit", "log out")
TIMEOUT = 30.0  # seconds for one request
ESSAY = "Separate collection at source reduces residual waste."


@dataclass
class MixResult:
    latencies: dict[str, list[float]] = field(default_factory=lambda: {step: [] for step in STEPS})  # ms
    errors: list[str] = field(default_factory=list)
    sessions: int = 0
    seconds: float = 0.0

    def all(self) -> list[float]:
        return [ms for values in self.latencies.values() for ms in values]


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


async def request(port: int, method: str, path: str, cookie: str, user_agent: str, form: dict | None = None):
    """One request on a new connection: (status, headers with lower-case names, body, milliseconds)."""
    body = urlencode(form).encode() if form is not None else b""
    lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", f"User-Agent: {user_agent}", "Connection: close"]
    if cookie:
        lines.append(f"Cookie: {cookie}")
    if form is not None:
        lines += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
    started = time.perf_counter()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        await writer.drain()
        raw = await reader.read()  # the server closes the connection after the response
    finally:
        writer.close()
    ms = (time.perf_counter() - started) * 1000
    head, _, content = raw.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers: dict[str, str] = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers.setdefault(name.strip().lower(), value.strip())
        if name.strip().lower() == "set-cookie" and value.strip().startswith("session="):
            headers["session-cookie"] = value.strip().split(";", 1)[0]
    return int(status_line.split()[1]), headers, content.decode("utf-8", "replace"), ms


class StepError(RuntimeError):
    pass


async def user(
    number: int,
    port: int,
    email: str,
    password: str,
    course: str,
    module_id: int,
    assessment_ids: list[int],
    think: tuple[float, float],
    deadline: float,
    user_agent: str,
    result: MixResult,
) -> None:
    rng = random.Random(number)
    base = f"/courses/{course}"
    await asyncio.sleep(rng.uniform(0, think[1]))  # users arrive spread over one think time
    loop = 0
    while time.monotonic() < deadline and loop < 10_000:
        cookie = csrf = attempt = ""
        for step in STEPS:
            await asyncio.sleep(rng.uniform(*think))
            if time.monotonic() >= deadline:
                return
            if step == "login page":
                call = ("GET", "/auth/login", None, 200)
            elif step == "log in":
                call = ("POST", "/auth/login", {"csrf_token": csrf, "email": email, "password": password}, 302)
            elif step == "dashboard":
                call = ("GET", "/dashboard", None, 200)
            elif step == "course":
                call = ("GET", base, None, 200)
            elif step == "module":
                call = ("GET", f"{base}/modules/{module_id}", None, 200)
            elif step == "start quiz":
                aid = assessment_ids[(loop + number) % len(assessment_ids)]
                call = ("POST", f"{base}/assessments/{aid}/start", {"csrf_token": csrf}, 302)
            elif step == "quiz page":
                call = ("GET", f"{base}/attempts/{attempt}", None, 200)
            elif step == "submit":
                form = {"csrf_token": csrf, **{f"q{q}": f"o{rng.randint(1, 4)}" for q in range(1, 10)}, "q10": ESSAY}
                call = ("POST", f"{base}/attempts/{attempt}/submit", form, 302)
            else:
                call = ("POST", "/auth/logout", {"csrf_token": csrf}, 302)
            method, path, form, expect = call
            try:
                status, headers, body, ms = await asyncio.wait_for(
                    request(port, method, path, cookie, user_agent, form), TIMEOUT
                )
                cookie = headers.get("session-cookie", cookie)
                if status != expect:
                    raise StepError(f"answered {status}, expected {expect}")
                result.latencies[step].append(ms)
                if step == "login page":
                    match = _CSRF.search(body)
                    if not (match and cookie):
                        raise StepError("no CSRF token or session cookie")
                    csrf = match.group(1) or match.group(2)
                elif step == "start quiz":
                    found = re.search(r"/attempts/(\d+)$", headers.get("location", ""))
                    if not found:
                        raise StepError(f"redirected to {headers.get('location')!r}, not to an attempt")
                    attempt = found.group(1)
                elif step == "submit" and not headers.get("location", "").endswith(f"/attempts/{attempt}/review"):
                    raise StepError(f"redirected to {headers.get('location')!r}, not to the review")
            except (StepError, OSError, TimeoutError, ValueError, IndexError) as error:
                result.errors.append(f"{step} ({email}): {type(error).__name__}: {error}")
                break  # the session starts again, logged out
        else:
            result.sessions += 1
        loop += 1


async def run_mix(
    port: int,
    users: list[str],
    password: str,
    course: str,
    module_id: int,
    assessment_ids: list[int],
    think_ms: tuple[int, int],
    seconds: float,
    user_agent: str,
) -> MixResult:
    result = MixResult()
    think = (think_ms[0] / 1000, think_ms[1] / 1000)
    started = time.monotonic()
    deadline = started + seconds
    await asyncio.gather(
        *(
            user(n, port, email, password, course, module_id, assessment_ids, think, deadline, user_agent, result)
            for n, email in enumerate(users)
        )
    )
    result.seconds = time.monotonic() - started
    return result


def session_mix(
    port: int,
    users: list[str],
    password: str,
    course: str,
    module_id: int,
    assessment_ids,
    think_ms,
    seconds: float,
    user_agent: str,
) -> MixResult:
    return asyncio.run(
        run_mix(port, users, password, course, module_id, list(assessment_ids), think_ms, seconds, user_agent)
    )
