"""Keyboard-only use of a page: Tab to reach things, Space and arrows to choose, Enter to act."""

from __future__ import annotations

FOCUSED = """() => {
  const e = document.activeElement;
  const group = e.name ? Array.from(document.getElementsByName(e.name)) : [];
  return {tag: e.tagName.toLowerCase(), id: e.id, type: e.type || "", name: e.name || "", value: e.value || "",
          checked: !!e.checked, text: (e.innerText || "").trim(), href: e.getAttribute("href"),
          options: group.map(o => o.value)};
}"""


def focused(page) -> dict:  # type: ignore[no-untyped-def]
    """What has the keyboard focus: tag, id, type, name, value, text, href, and its radio group's values."""
    return page.evaluate(FOCUSED)


def tab_to(page, text: str, limit: int = 60, key: str = "Tab") -> dict:  # type: ignore[no-untyped-def]
    """Press Tab (or `key`, such as Shift+Tab to go back) until the link or button showing `text` has the focus."""
    for _ in range(limit):
        page.keyboard.press(key)
        element = focused(page)
        if element["text"] == text:
            return element
    raise AssertionError(f"{text!r} not reached with {limit} presses of {key} on {page.url}")


def press_enter_and_wait(page) -> None:  # type: ignore[no-untyped-def]
    """Enter on the focused link or button, and wait until the page it leads to has loaded."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def fill_form_by_keyboard(page, answers: dict, button: str, limit: int = 400) -> None:  # type: ignore[no-untyped-def]
    """Answer every question of the page found in `answers` with the keyboard, then press `button`.

    A radio group is one Tab stop (its checked option, else its first): arrows move the choice,
    Space picks the option that has the focus.
    Each checkbox is a Tab stop of its own, ticked with Space. Text is typed.
    """
    done: set[str] = set()
    for _ in range(limit):
        element = focused(page)  # where the focus already is first: an error link may have put it on a field
        if element["tag"] == "button" and element["text"] == button:
            press_enter_and_wait(page)
            return
        if element["name"] in answers and element["name"] not in done:
            _answer(page, element, answers[element["name"]], done)
        page.keyboard.press("Tab")
    raise AssertionError(f"button {button!r} not reached with {limit} presses of Tab on {page.url}")


def _answer(page, element: dict, wanted: object, done: set[str]) -> None:  # type: ignore[no-untyped-def]
    name, kind = element["name"], element["type"]
    if kind == "radio":
        _choose_radio(page, element, str(wanted))
        done.add(name)
    elif kind == "checkbox":
        if (element["value"] in {str(v) for v in wanted}) != element["checked"]:  # type: ignore[attr-defined]
            page.keyboard.press("Space")
    elif element["tag"] in ("input", "textarea") and kind != "hidden":
        page.keyboard.press("Control+A")
        page.keyboard.type(str(wanted))
        done.add(name)


def _choose_radio(page, element: dict, wanted: str) -> None:  # type: ignore[no-untyped-def]
    options = element["options"]
    steps = options.index(wanted) - options.index(element["value"])
    if steps == 0 and not element["checked"]:
        page.keyboard.press("Space")
    for _ in range(abs(steps)):
        page.keyboard.press("ArrowDown" if steps > 0 else "ArrowUp")
