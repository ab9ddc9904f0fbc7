"""The shorthand for linking to a guideline section by its stable id: `[text](retningslinje:id)`,
or `[](retningslinje:id)` to let the build write the section's number and title."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from content.guideline.model import Guideline, Section
from content.markdown import outside_code_spans, prose_lines

SCHEME = "retningslinje"
_REFERENCE = re.compile(r"\[([^\]]*)\]\(" + SCHEME + r":([^)\s]*)\)")
# In every reference: a text or line without it has none, and most pages have none, so they skip the line scan.
_MARK = f"{SCHEME}:"


@dataclass(frozen=True)
class Reference:
    line: int  # 1-based within the text that was searched
    section_id: str


def find_references(markdown: str) -> list[Reference]:
    """Every shorthand reference outside code, with its line."""
    found: list[Reference] = []
    if _MARK not in markdown:
        return found
    for index, line in prose_lines(markdown):
        if _MARK not in line:
            continue
        for start, end in outside_code_spans(line):
            for match in _REFERENCE.finditer(line, start, end):
                found.append(Reference(index + 1, match.group(2)))
    return found


def resolve_references(markdown: str, guideline: Guideline, target: Callable[[Section], str]) -> str:
    """Turn every shorthand reference into an ordinary Markdown link to `target(section)`.

    A reference to an unknown id is left as visible text, so a non-strict preview shows the editor where it
    is; the build has already warned about it with file and line.
    """
    if _MARK not in markdown:
        return markdown
    lines = markdown.split("\n")
    for index, line in prose_lines(markdown):
        if _MARK not in line:
            continue
        pieces, position = [], 0
        for start, end in outside_code_spans(line):
            for match in _REFERENCE.finditer(line, start, end):
                pieces.append(line[position : match.start()])
                pieces.append(_link(match.group(1), match.group(2), guideline, target))
                position = match.end()
        lines[index] = "".join(pieces) + line[position:]
    return "\n".join(lines)


def _link(text: str, section_id: str, guideline: Guideline, target: Callable[[Section], str]) -> str:
    section = guideline.section(section_id)
    if section is None:
        return f"**{text or section_id} [ukjend punkt i retningslinja: {section_id}]**"
    return f"[{text or f'{section.label} {section.title}'}]({target(section)})"
