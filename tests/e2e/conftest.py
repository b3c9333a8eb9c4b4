"""Browser journeys: Playwright driving Debian's Chromium against a live server on 127.0.0.1.

Each pytest worker starts one server (``tests/e2e/server.py``: a fresh SQLite database with the demo data)
and one Chromium. Every page a journey visits goes through :meth:`Journey.check`: a screenshot under
``test-artifacts/e2e/<journey>/``, axe-core's audit (no serious or critical violation), and no
Content-Security-Policy violation reported by the browser.

Where Chromium is missing the journeys skip and say why, except under CI (``CI`` set) or with
``E2E_REQUIRED=1``, where a missing browser fails them: CI must run them.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.e2e.axe import audit, text_alternatives
from tests.e2e.chromium import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "e2e"
PASSWORD = "CleanAsia-2026!"  # the published demo password
TIMEOUT_MS = 15_000


def _required() -> bool:
    return bool(os.environ.get("CI")) or os.environ.get("E2E_REQUIRED") == "1"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e/" in item.nodeid.replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


def _missing_browser() -> str | None:
    if not CHROMIUM.exists():
        return (
            f"Chromium is not installed at {CHROMIUM}: run `bash scripts/system-deps.sh` as root "
            "(it installs Debian's chromium package)"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the Playwright package is missing: run `make setup`"
    return None


@pytest.fixture(scope="session")
def browser():
    reason = _missing_browser()
    if reason:
        if _required():
            pytest.fail(f"browser journeys must run here: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    def __init__(self, base: str, instance: Path) -> None:
        self.base = base
        self.instance = instance

    def mails_to(self, address: str) -> list[str]:
        mailbox = self.instance / "mail.txt"
        text = mailbox.read_text(encoding="utf-8") if mailbox.exists() else ""
        return [mail for mail in text.split("\n----\n") if f"To: {address}\n" in mail]

    def link_in_mail(self, address: str, path_prefix: str, wait_s: float = 10) -> str:
        """The first link starting with ``path_prefix`` in the latest mail to ``address``."""
        deadline = time.monotonic() + wait_s
        while True:
            for mail in reversed(self.mails_to(address)):
                match = re.search(re.escape(self.base + path_prefix) + r"\S+", mail)
                if match:
                    return match.group(0)
            if time.monotonic() > deadline:
                raise AssertionError(f"no mail to {address} with a {path_prefix} link")
            time.sleep(0.2)


@pytest.fixture(scope="session")
def live_server(browser, tmp_path_factory):
    instance = tmp_path_factory.mktemp("e2e-instance")
    port = _free_port()
    log = (instance / "server.log").open("w")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.e2e.server", "--instance", str(instance), "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 90
        while "READY" not in (instance / "server.log").read_text():
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the e2e server did not start:\n" + (instance / "server.log").read_text()[-3000:])
            time.sleep(0.2)
        yield LiveServer(f"http://127.0.0.1:{port}", instance)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


class Journey:
    """One person's browser tab: every page is checked and photographed as the journey goes."""

    def __init__(self, browser, server: LiveServer, name: str) -> None:
        self.server = server
        self.name = name
        self.folder = ARTIFACTS / name
        self.folder.mkdir(parents=True, exist_ok=True)
        for old in self.folder.glob("*.png"):
            old.unlink()
        self.context = browser.new_context(
            viewport={"width": 1280, "height": 900}, locale="en-GB", accept_downloads=True, base_url=server.base
        )
        self.context.set_default_timeout(TIMEOUT_MS)
        self.page = self.context.new_page()
        self.csp_violations: list[str] = []
        self.page.on("console", self._console)
        self.step = 0
        self.alternatives_checked: dict[str, int] = {}

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.csp_violations.append(f"{self.page.url}: {message.text}")

    def check(self, label: str) -> None:
        """Screenshot, axe-core audit and CSP check of the page as it is now."""
        self.page.wait_for_load_state("load")
        self.step += 1
        slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
        self.page.screenshot(path=self.folder / f"{self.step:02d}-{slug}.png", full_page=True)
        problems = audit(self.page)
        assert not problems, f"{self.name} / {label} ({self.page.url}): accessibility violations\n" + "\n".join(
            problems
        )
        assert not self.csp_violations, "\n".join(self.csp_violations)
        missing, counts = text_alternatives(self.page)
        assert not missing, f"{self.name} / {label}: " + "\n".join(missing)
        for kind, count in counts.items():
            self.alternatives_checked[kind] = self.alternatives_checked.get(kind, 0) + count

    def goto(self, path: str, label: str) -> None:
        response = self.page.goto(path)
        assert response is not None and response.ok, f"{path}: {response.status if response else 'no response'}"
        self.check(label)

    def login(self, email: str, password: str = PASSWORD) -> None:
        self.page.goto("/auth/login")
        self.page.get_by_label("Email").fill(email)
        self.page.get_by_label("Password", exact=True).fill(password)
        self.page.locator("main form").get_by_role("button", name="Log in").click()
        self.page.wait_for_url("**/dashboard")

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def journey(browser, live_server, request):
    opened: list[Journey] = []

    def open_journey(name: str) -> Journey:
        opened.append(Journey(browser, live_server, name))
        return opened[-1]

    yield open_journey
    for item in opened:
        if getattr(request.node, "rep_call_failed", False):
            item.page.screenshot(path=item.folder / "failure.png", full_page=True)
        item.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.rep_call_failed = report.failed
