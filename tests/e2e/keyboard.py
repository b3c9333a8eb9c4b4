"""Moving through a page with the keyboard alone, as a person who uses no mouse does."""

from __future__ import annotations

IS_FOCUSED = "element => element === document.activeElement"
FOCUSED = """() => {
  const e = document.activeElement;
  return {tag: e.tagName.toLowerCase(), type: (e.type || '').toLowerCase(), name: e.name || '',
          checked: !!e.checked, text: (e.innerText || e.value || '').trim().slice(0, 60)};
}"""


def tab_to(page, locator, limit: int = 250, backwards: bool = False) -> None:
    """Press Tab (or Shift+Tab) until ``locator`` has the focus; fail after ``limit`` presses."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        if locator.evaluate(IS_FOCUSED):
            return
    raise AssertionError(f"{limit} presses of {key} never reached {locator}")


def activate(page, locator, key: str = "Enter", navigates: bool = True) -> None:
    """Tab to ``locator`` and press ``key``; wait for the page it opens unless ``navigates`` is false."""
    tab_to(page, locator)
    if not navigates:
        page.keyboard.press(key)
        return
    with page.expect_navigation():
        page.keyboard.press(key)


def type_into(page, locator, text: str) -> None:
    tab_to(page, locator)
    page.keyboard.type(text)


def focused(page) -> dict:
    return page.evaluate(FOCUSED)


def answer_by_keyboard(page, submit) -> int:
    """Tab through the attempt form up to ``submit``, answering each question on the way; return the count."""
    answered, groups = 0, set()
    for _ in range(400):
        page.keyboard.press("Tab")
        if submit.evaluate(IS_FOCUSED):
            return answered
        element = focused(page)
        if element["tag"] == "input" and element["type"] in ("radio", "checkbox"):
            if element["name"] not in groups:  # the first choice of each question
                groups.add(element["name"])
                if not element["checked"]:
                    page.keyboard.press("Space")
                answered += 1
        elif element["tag"] == "textarea" or (element["tag"] == "input" and element["type"] in ("text", "number")):
            page.keyboard.type("42" if element["type"] == "number" else "Separate organic waste at source; 42")
            answered += 1
        elif element["tag"] == "select":
            page.keyboard.press("ArrowDown")
            answered += 1
    raise AssertionError("never reached the submit button")
