"""Line-level reading of Markdown that skips fenced code, shared by the heading parser and the
cross-reference shorthand, so that examples inside code blocks are never treated as content."""

from __future__ import annotations

import re
from collections.abc import Iterator

# Fences may be indented (superfences allows them inside list items); a fence is closed by the same character, at
# least as many times, with nothing after it.
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:.+?)\1")


def prose_lines(markdown: str) -> Iterator[tuple[int, str]]:
    """Yield (index, line) for every line outside fenced code blocks."""
    fence: str | None = None
    for index, line in enumerate(markdown.split("\n")):
        match = _FENCE.match(line)
        if fence:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence) and not line.strip().lstrip(fence[0]):
                fence = None
            continue
        if match:
            fence = match.group(1)
            continue
        yield index, line


def outside_code_spans(line: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of the parts of a line that are not inline code."""
    position = 0
    for match in _CODE_SPAN.finditer(line):
        yield position, match.start()
        position = match.end()
    yield position, len(line)
