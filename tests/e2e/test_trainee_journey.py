"""The trainee's journey, in a real browser: register → find a course by objective → enrol → study the modules
→ take the timed quiz → see the grade → download the certificate → open the verification page from its QR code.

The same journey runs a second time with the keyboard alone (Tab, Shift+Tab, Enter and Space; no clicks).
"""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.e2e.keyboard import activate, answer_by_keyboard, focused, tab_to, type_into
from tests.e2e.qr import qr_links_in_pdf
from tests.e2e.steps import answer_everything, grade_essay

COURSE = "Municipal solid waste and the 3Rs"
OBJECTIVE = "Sound material-cycle society"
INSTRUCTOR = "nurul.aisyah@cai-demo.org"  # the course's English-speaking instructor


def _register(journey, name: str, email: str) -> None:
    page = journey.page
    journey.goto("/auth/register", "register")
    page.get_by_label("Full name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("Trainee-journey-2026")
    page.get_by_label("Country").select_option("VN")
    page.locator("main form").get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    journey.check("check your inbox")
    page.goto(journey.server.link_in_mail(email, "/auth/confirm/"))
    journey.check("e-mail confirmed")


@pytest.mark.e2e
def test_trainee_journey(journey, live_server):
    trip = journey("trainee")
    page = trip.page
    email = f"trainee-{uuid.uuid4().hex[:8]}@example.org"
    _register(trip, "Nguyen Thi Lan", email)
    if page.url.endswith("/auth/login"):
        trip.login(email, "Trainee-journey-2026")
    trip.check("dashboard, new account")

    # Find a course by CAI objective.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Courses").click()
    trip.check("catalog")
    page.get_by_role("link", name=re.compile(OBJECTIVE)).first.click()
    expect(page).to_have_url(re.compile(r"objective=material-cycle"))
    trip.check("catalog filtered by objective")
    page.get_by_role("link", name=COURSE).click()
    trip.check("course page")

    # Enrol, then study every module.
    page.get_by_role("button", name="Enrol").click()
    expect(page.get_by_text("You are enrolled")).to_be_visible()
    trip.check("enrolled, first module")
    while True:
        button = page.get_by_role("button", name="Mark as complete and continue")
        if button.count() == 0:
            page.get_by_role("button", name="Mark as complete").click()
            break
        button.click()
        trip.check(f"module {page.locator('h1').inner_text()[:30]}")
    trip.check("last module done")
    expect(page.get_by_text("5 of 5 modules done (100%)")).to_be_visible()

    # The timed final quiz.
    page.get_by_role("link", name=COURSE).first.click()
    page.get_by_role("link", name="Assessments").first.click()
    trip.check("assessments")
    page.get_by_role("link", name="Final quiz").click()
    trip.check("final quiz")
    page.get_by_role("button", name=re.compile("Start attempt")).click()
    expect(page.get_by_role("timer")).to_be_visible()
    trip.check("attempt with timer")
    assert trip.alternatives_checked["timer"] == 1 and trip.alternatives_checked["progress"] >= 5
    answer_everything(page)
    page.get_by_role("button", name="Submit for grading").click()
    expect(page.get_by_text("Awaiting grading")).to_be_visible()
    trip.check("attempt submitted, essay awaiting grading")
    attempt_url = page.url

    # The course's instructor grades the essay; then the trainee sees the score.
    grader = journey("trainee-grader")
    grader.login(INSTRUCTOR)
    grader.page.goto(attempt_url.split("/attempts")[0])
    grade_essay(grader, "Nguyen Thi Lan", "A clear, costed plan.")
    page.goto(attempt_url)
    expect(page.locator("dl div").filter(has=page.get_by_text("Score", exact=True))).to_contain_text(
        re.compile(r"/ 13 \(\d")
    )
    expect(page.get_by_text("A clear, costed plan.")).to_be_visible()
    trip.check("attempt graded, score shown")

    # The certificate: download it, read its QR code, open the verification page.
    page.goto(page.url.split("/attempts")[0])
    page.get_by_role("link", name="Your certificate").click()
    trip.check("completion and certificate")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the PDF").click()
    pdf = download_info.value.path().read_bytes()
    assert pdf.startswith(b"%PDF-")
    links = qr_links_in_pdf(pdf, trip.folder / "certificate")
    assert len(links) == 1 and links[0].startswith(live_server.base + "/verify/"), links
    page.goto(links[0])
    trip.check("verification page")
    expect(page.locator("main").get_by_text("Nguyen Thi Lan")).to_be_visible()
    expect(page.get_by_text(re.compile("valid", re.I)).first).to_be_visible()


@pytest.mark.e2e
def test_trainee_journey_by_keyboard_alone(journey, live_server):
    """Tab, Shift+Tab, Enter, Space, arrows and typing; addresses are typed (or come from a mail or a QR code)."""
    trip = journey("trainee-keyboard")
    page = trip.page
    email = f"keyboard-{uuid.uuid4().hex[:8]}@example.org"
    page.goto("/auth/register")
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Skip to main content", "the first Tab reaches the skip link"
    page.keyboard.press("Enter")
    type_into(page, page.get_by_label("Full name"), "Kanya Srisuk")
    type_into(page, page.get_by_label("Email"), email)
    type_into(page, page.get_by_label("Password"), "Keyboard-journey-2026")
    type_into(page, page.get_by_label("Country"), "Thailand")
    activate(page, page.locator("main form").get_by_role("button", name="Create account"))
    trip.check("keyboard: registered")
    page.goto(live_server.link_in_mail(email, "/auth/confirm/"))
    if page.url.endswith("/auth/login"):
        type_into(page, page.get_by_label("Email"), email)
        type_into(page, page.get_by_label("Password", exact=True), "Keyboard-journey-2026")
        activate(page, page.locator("main form").get_by_role("button", name="Log in"))
    page.wait_for_url("**/dashboard")

    activate(page, page.get_by_role("navigation", name="Main").get_by_role("link", name="Courses"))
    activate(page, page.get_by_role("link", name=re.compile(OBJECTIVE)).first)
    expect(page).to_have_url(re.compile(r"objective=material-cycle"))
    activate(page, page.get_by_role("link", name=COURSE))
    activate(page, page.get_by_role("button", name="Enrol"))
    expect(page.get_by_text("You are enrolled")).to_be_visible()
    while page.get_by_role("button", name="Mark as complete and continue").count():
        activate(page, page.get_by_role("button", name="Mark as complete and continue"))
    activate(page, page.get_by_role("button", name="Mark as complete", exact=True))
    expect(page.get_by_text("5 of 5 modules done (100%)")).to_be_visible()
    trip.check("keyboard: modules done")

    tab_to(page, page.get_by_role("link", name=COURSE).first, backwards=True)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    activate(page, page.get_by_role("link", name="Assessments").first)
    activate(page, page.get_by_role("link", name="Final quiz"))
    activate(page, page.get_by_role("button", name=re.compile("Start attempt")))
    expect(page.get_by_role("timer")).to_be_visible()
    submit = page.get_by_role("button", name="Submit for grading")
    assert answer_by_keyboard(page, submit) >= 9
    trip.check("keyboard: quiz answered")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_text("Awaiting grading")).to_be_visible()
    attempt_url = page.url

    grader = journey("trainee-keyboard-grader")
    grader.login(INSTRUCTOR)
    grader.page.goto(attempt_url.split("/attempts")[0])
    grade_essay(grader, "Kanya Srisuk", "Well argued.")
    page.reload()
    expect(page.locator("dl div").filter(has=page.get_by_text("Score", exact=True))).to_contain_text("/ 13")

    for _ in range(3):  # up the breadcrumbs to the course page
        if page.get_by_role("link", name="Your certificate").count():
            break
        activate(page, page.locator(".breadcrumb a").first)
    activate(page, page.get_by_role("link", name="Your certificate"))
    with page.expect_download() as download_info:
        activate(page, page.get_by_role("link", name="Download the PDF"), navigates=False)
    links = qr_links_in_pdf(download_info.value.path().read_bytes(), trip.folder / "certificate")
    page.goto(links[0])
    expect(page.locator("main").get_by_text("Kanya Srisuk")).to_be_visible()
    trip.check("keyboard: verification page")
