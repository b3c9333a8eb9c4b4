"""Steps more than one journey takes."""

from __future__ import annotations

from playwright.sync_api import expect


def answer_everything(page) -> None:
    """Some answer to each question of the attempt page: the first choice, a number, a word, an essay."""
    for question in page.locator("main form fieldset.question").all():
        radios = question.get_by_role("radio")
        checkboxes = question.get_by_role("checkbox")
        if radios.count():
            radios.first.check()
        elif checkboxes.count():
            checkboxes.first.check()
        for box in question.get_by_role("textbox").all():
            box.fill("Separate organic waste at source and compost it; 42")
        for number in question.get_by_role("spinbutton").all():
            number.fill("42")
        for select in question.locator("select").all():
            select.select_option(index=1)


def grade_essay(trip, trainee_name: str, feedback: str) -> None:
    """From the course page: the grading queue, the trainee's essay, the rubric's top level for every criterion."""
    page = trip.page
    page.get_by_role("link", name="Grading").first.click()
    trip.check("grading queue")
    page.get_by_role("row").filter(has_text=trainee_name).get_by_role("link", name="Grade").first.click()
    trip.check("grading an essay with a rubric")
    for criterion in page.locator("fieldset.rubric-criterion").all():
        criterion.get_by_role("radio").last.check()
    page.get_by_label("Feedback to the trainee").fill(feedback)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".flash").first).to_be_visible()
    trip.check("essay graded")
