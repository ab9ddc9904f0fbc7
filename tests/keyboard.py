"""Keyboard-only helpers for browser tests: reach a control with Tab, as a learner without a mouse would."""

from __future__ import annotations


def focused(page, selector: str) -> bool:
    return page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)", selector)


def tab_to(page, selector: str, limit: int = 400) -> None:
    """Press Tab until the focused element matches `selector`; fail if it never does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused(page, selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def answer(page, question_id: str, options: list[str], multiple: bool) -> None:
    """Choose `options` in one question: Space on each checkbox, or arrow keys within a radio group."""
    if multiple:
        for option in options:
            tab_to(page, f"#q-{question_id}--{option}")
            page.keyboard.press("Space")
        return
    tab_to(page, f"#q-{question_id} input")
    for _ in range(10):
        if focused(page, f"#q-{question_id}--{options[0]}"):
            page.keyboard.press("Space")
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"arrow keys never reached {options[0]} in {question_id}")


def register(page, employee: str, name: str, unit: str) -> None:
    """Fill in the learner form by keyboard and submit it with Enter."""
    tab_to(page, "#deltakar-tilsettnummer")
    page.keyboard.type(employee)
    page.keyboard.press("Tab")
    page.keyboard.type(name)
    page.keyboard.press("Tab")
    page.keyboard.type(unit)
    page.keyboard.press("Enter")


def open_page(page, path: str) -> None:
    """Go to a training page and wait until its script has made it interactive."""
    page.goto(f"{page.base}{path}")
    page.wait_for_selector("[data-ready]", state="attached")
