"""The instructor's journey, in a real browser: create a course → tag its modules → import a GIFT file → publish
→ approve an enrolment → grade an essay with a rubric → export the gradebook as CSV."""

from __future__ import annotations

import csv
import io
import re
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.steps import answer_everything, grade_essay

INSTRUCTOR = "nurul.aisyah@cai-demo.org"
TRAINEE = "trainee@cai-demo.org"
GIFT = Path(__file__).parent / "data" / "separation-quiz.gift"
MODULES = [
    ("Separating at source", "Sound material-cycle society", "Three streams: **organic**, recyclable, residual."),
    ("Paying for collection", "Environmentalism in the market", "Fees, *pay-as-you-throw* and producer schemes."),
]


@pytest.mark.e2e
def test_instructor_journey(journey, live_server):
    trip = journey("instructor")
    page = trip.page
    trip.login(INSTRUCTOR)
    title = f"Separate collection in practice {uuid.uuid4().hex[:4]}"

    # Create the course.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Teaching").click()
    trip.check("courses I teach")
    page.get_by_role("link", name="Create a course").click()
    trip.check("new course form")
    page.get_by_label("Title").fill(title)
    page.get_by_label("Summary").fill("Organic waste separation for district officers.")
    page.get_by_label("Description").fill("## Who it is for\n\nDistrict officers who run collection.")
    page.get_by_role("group", name="CAI objectives").get_by_label("Sound material-cycle society").check()
    page.get_by_label("Estimated hours").fill("3")
    page.get_by_label("Enrolment", exact=True).select_option("approval")
    page.get_by_role("button", name="Create course").click()
    expect(page.locator(".flash").first).to_be_visible()
    trip.check("course created")
    course_url = page.url.rsplit("/edit", 1)[0]

    # Modules, each tagged to its CAI objective.
    for name, objective, body in MODULES:
        page.goto(course_url + "/edit")
        page.get_by_role("link", name="Add a module").click()
        page.get_by_label("Title").fill(name)
        page.get_by_label("Content").fill(body)
        page.get_by_role("group", name="CAI objectives").get_by_label(objective).check()
        trip.check(f"module form {name}")
        page.get_by_role("button", name="Save module").click()
        expect(page.locator(".flash").first).to_be_visible()
    page.goto(course_url + "/edit")
    for _name, objective, _body in MODULES:
        expect(page.locator("main")).to_contain_text(objective)
    trip.check("course with tagged modules")

    # Import the GIFT file: preview, then import.
    tools = page.get_by_role("navigation", name="Course tools")
    tools.get_by_role("link", name="Question bank").click()
    page.get_by_role("link", name="Import GIFT").click()
    trip.check("gift import")
    page.get_by_label(re.compile("GIFT file|File")).set_input_files(GIFT)
    page.get_by_role("button", name="Check the file").click()
    trip.check("gift preview")
    expect(page.get_by_text("Your separation plan")).to_be_visible()
    page.get_by_role("button", name="Import these questions").click()
    expect(page.locator(".flash").first).to_contain_text("3")
    trip.check("question bank after import")

    # A rubric, and an assessment with the three questions (the essay graded with the rubric).
    tools = page.get_by_role("navigation", name="Course tools")
    tools.get_by_role("link", name="Rubrics").click()
    page.get_by_role("link", name="New rubric").click()
    page.get_by_label("Title").fill("Separation plan")
    page.get_by_label("Criteria").fill(
        "Understanding: Missing=0; Partial=1; Clear=2\nFeasibility: Unrealistic=0; Workable=1; Costed and staffed=2"
    )
    trip.check("rubric form")
    page.get_by_role("button", name="Save rubric").click()
    expect(page.locator(".flash").first).to_be_visible()
    page.get_by_role("navigation", name="Course tools").get_by_role("link", name="Assessments").click()
    page.get_by_role("link", name="New assessment").click()
    page.get_by_label("Title").fill("Separation check")
    page.get_by_label("Time limit (minutes)").fill("20")
    trip.check("assessment settings")
    page.get_by_role("button", name="Save settings").click()
    for question in ("Top of the hierarchy", "Landfill is last", "Your separation plan"):
        add = page.locator("form").filter(has=page.get_by_role("button", name="Add question"))
        choose = add.get_by_label("Question", exact=True)
        choose.select_option(choose.locator("option", has_text=question).first.get_attribute("value"))
        if question == "Your separation plan":
            add.get_by_label("Rubric (essays)").select_option(label="Separation plan")
        add.get_by_role("button", name="Add question").click()
        expect(page.locator(".flash").first).to_be_visible()
    page.get_by_role("button", name="Publish").click()
    trip.check("assessment published")

    # Publish the course.
    page.goto(course_url + "/edit")
    page.locator(".status-panel").get_by_role("button", name="Publish").click()
    expect(page.locator(".flash").first).to_be_visible()
    trip.check("course published")

    # A trainee asks to join; the instructor approves.
    trainee = journey("instructor-trainee")
    trainee.login(TRAINEE)
    trainee.page.goto(course_url)
    trainee.page.get_by_role("button", name="Ask to join").click()
    trainee.check("trainee asked to join")
    page.goto(course_url)
    page.get_by_role("link", name="Enrolments").first.click()
    trip.check("enrolment requests")
    row = page.get_by_role("row").filter(has_text="Nguyễn Thị Lan")
    row.get_by_role("button", name="Approve").click()
    expect(page.locator(".flash").first).to_be_visible()
    trip.check("enrolment approved")

    # The trainee takes the assessment; the instructor grades the essay with the rubric.
    trainee.page.goto(course_url)
    trainee.page.get_by_role("link", name="Assessments").first.click()
    trainee.page.get_by_role("link", name="Separation check").click()
    trainee.page.get_by_role("button", name=re.compile("Start attempt")).click()
    answer_everything(trainee.page)
    trainee.page.get_by_role("button", name="Submit for grading").click()
    expect(trainee.page.get_by_text("Awaiting grading")).to_be_visible()
    page.goto(course_url)
    grade_essay(trip, "Nguyễn Thị Lan", "Well organised; add the cost per household.")

    # The gradebook, and its CSV.
    page.goto(course_url)
    page.get_by_role("link", name="Gradebook").first.click()
    trip.check("gradebook")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download CSV").click()
    rows = list(csv.reader(io.StringIO(download_info.value.path().read_text(encoding="utf-8-sig"))))
    (trip.folder / "gradebook.csv").write_text(download_info.value.path().read_text(encoding="utf-8-sig"))
    assert any("Separation check" in cell for cell in rows[0]), rows[0]
    assert any(TRAINEE in row or any("Nguyễn Thị Lan" in cell for cell in row) for row in rows[1:]), rows
