"""Screenshots of the main pages, for the README tour and for looking at the product.

Usage: with `make run` serving on http://127.0.0.1:5000 (demo data loaded),
    .venv/bin/python scripts/screenshots.py [--base URL] [--out docs/screenshots]
Drives Debian's Chromium (/usr/bin/chromium) through Playwright; downloads no browser.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.e2e.chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402 - the project's root is on the path now

PASSWORD = "CleanAsia-2026!"  # noqa: S105 - the published demo password
ACCOUNTS = {
    "admin": "admin@cai-demo.org",
    "instructor": "instructor@cai-demo.org",
    "partner": "partner@cai-demo.org",
    "trainee": "trainee@cai-demo.org",
}


def login(page, base: str, email: str) -> None:
    page.goto(f"{base}/auth/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base}/dashboard")


def set_language(page, base: str, code: str) -> None:
    page.goto(f"{base}/")
    page.click(f".language-switcher button[value={code}]")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:5000")
    parser.add_argument("--out", default="docs/screenshots")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for lang in ("en", "ja"):
            context = browser.new_context(viewport={"width": 1280, "height": 860}, locale=lang)
            page = context.new_page()
            set_language(page, args.base, lang)
            page.goto(f"{args.base}/auth/login")
            page.screenshot(path=out / f"login-{lang}.png", full_page=True)
            for role, email in ACCOUNTS.items():
                login(page, args.base, email)
                set_language(page, args.base, lang)
                page.goto(f"{args.base}/dashboard")
                page.screenshot(path=out / f"dashboard-{role}-{lang}.png", full_page=True)
                if role == "admin":
                    page.goto(f"{args.base}/admin/users")
                    page.screenshot(path=out / f"admin-users-{lang}.png", full_page=True)
                    page.click("table.data tbody tr:first-child a")
                    page.screenshot(path=out / f"admin-user-edit-{lang}.png", full_page=True)
                if role == "trainee":
                    page.goto(f"{args.base}/courses/?objective=material-cycle")
                    page.screenshot(path=out / f"catalog-{lang}.png", full_page=True)
                    page.goto(f"{args.base}/courses/co-benefit-air-quality-management")
                    page.screenshot(path=out / f"course-{lang}.png", full_page=True)
                    page.goto(f"{args.base}/courses/co-benefit-air-quality-management/learn")
                    page.screenshot(path=out / f"module-{lang}.png", full_page=True)
                    # The demo trainee has a practice attempt in progress on this course: resume it.
                    page.goto(f"{args.base}/courses/co-benefit-air-quality-management/assessments")
                    page.click("table.data tbody tr:last-child a")
                    page.click("main a.button-large")
                    page.screenshot(path=out / f"attempt-{lang}.png", full_page=True)
                    page.goto(f"{args.base}/courses/municipal-solid-waste-3rs/gradebook")
                    page.click("table.data tbody tr:first-child td:nth-child(3) a")
                    page.screenshot(path=out / f"review-{lang}.png", full_page=True)
                    page.goto(f"{args.base}/courses/municipal-solid-waste-3rs/completion")
                    page.screenshot(path=out / f"completion-{lang}.png", full_page=True)
                    page.goto(f"{args.base}/profile/competence")
                    page.screenshot(path=out / f"competence-{lang}.png", full_page=True)
                    verify = page.locator("main a[href^='/verify/']").first.get_attribute("href")
                    page.goto(f"{args.base}{verify}")
                    page.screenshot(path=out / f"verify-{lang}.png", full_page=True)
                if role == "instructor":
                    page.goto(f"{args.base}/courses/manage")
                    page.click("table.data tbody tr:first-child a[href$='/enrolments']")
                    page.screenshot(path=out / f"enrolments-{lang}.png", full_page=True)
                    slug = "municipal-solid-waste-3rs"
                    page.goto(f"{args.base}/courses/{slug}/questions")
                    page.screenshot(path=out / f"question-bank-{lang}.png", full_page=True)
                    page.goto(f"{args.base}/courses/{slug}/grading")
                    page.click("main a.button")
                    page.screenshot(path=out / f"grading-{lang}.png", full_page=True)
                    page.goto(f"{args.base}/courses/{slug}/gradebook")
                    page.screenshot(path=out / f"gradebook-{lang}.png", full_page=True)
                if role == "partner":
                    page.click("main a[href^='/institutions/'][href$='/edit']")
                    page.screenshot(path=out / f"institution-{lang}.png", full_page=True)
                    page.goto(f"{args.base}/partner/")
                    page.screenshot(path=out / f"partner-portal-{lang}.png", full_page=True)
                    page.goto(f"{args.base}/reports")
                    page.screenshot(path=out / f"reports-{lang}.png", full_page=True)
                page.click(".account-nav button[type=submit]")
            context.close()
        browser.close()
    print(f"Screenshots written to {out}/")


if __name__ == "__main__":
    main()
