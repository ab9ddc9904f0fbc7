"""Line-level reading of Markdown: the one scanner of fenced code blocks (as pymdownx.superfences reads them), and
the one front-matter reader's pattern. The heading parser, the references, the boxes, the Markdown checks and the
spelling check all skip code the same way, so that an example inside a code block is never read as content."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# Python-Markdown reads a tab as four spaces.
TAB = 4
# An opening fence: three or more backticks or tildes, at any indent (superfences allows them inside list items).
_FENCE = re.compile(r"^(?P<indent> *)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_CODE_SPAN = re.compile(r"(`+)(?:.+?)\1")
# Front matter as MkDocs reads it: a first line `---`, YAML, and a line `---` (or `...`).
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)


@dataclass(frozen=True)
class CodeBlock:
    """A fenced code block: lines `start` (the opening fence) up to, not including, `end`."""

    start: int
    end: int
    fence: str
    indent: int
    # None when the block is closed; else why it ends where it does: "end" (the text ends), "dedent" (a line less
    # indented than the opening: the list item it stood in has ended) or "new" (the same fence opens another block).
    unclosed: str | None = None


def code_blocks(lines: list[str]) -> Iterator[CodeBlock]:
    """Every fenced code block, as superfences ends it: the same fence, alone, at the same indent as the opening."""
    expanded = [line.rstrip("\r").expandtabs(TAB) for line in lines]
    index = 0
    while index < len(expanded):
        opening = _FENCE.match(expanded[index])
        # ```kode``` on one line is inline code, not a block.
        if not opening or (opening.group("fence")[0] == "`" and "`" in opening.group("info")):
            index += 1
            continue
        block = _block_from(expanded, index, opening.group("fence"), len(opening.group("indent")))
        yield block
        index = block.end


def _block_from(lines: list[str], start: int, fence: str, indent: int) -> CodeBlock:
    for index in range(start + 1, len(lines)):
        line = lines[index]
        if not line.strip():
            continue
        if len(line) - len(line.lstrip(" ")) < indent:
            return CodeBlock(start, index, fence, indent, "dedent")
        rest = line[indent:]
        if rest.rstrip() == fence and not rest.startswith(" "):
            return CodeBlock(start, index + 1, fence, indent)
        # The same fence with a language again: the editor has started the next block without closing this one.
        if (
            len(line) - len(line.lstrip(" ")) == indent
            and rest.startswith(fence)
            and rest[len(fence) :].strip()
            and rest[len(fence)] != fence[0]
        ):
            return CodeBlock(start, index, fence, indent, "new")
    return CodeBlock(start, len(lines), fence, indent, "end")


def prose_lines(markdown: str) -> Iterator[tuple[int, str]]:
    """Yield (index, line) for every line outside fenced code blocks."""
    lines = markdown.split("\n")
    position = 0
    for block in code_blocks(lines):
        yield from ((index, lines[index]) for index in range(position, block.start))
        position = block.end
    yield from ((index, lines[index]) for index in range(position, len(lines)))


def outside_code_spans(line: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of the parts of a line that are not inline code."""
    position = 0
    for match in _CODE_SPAN.finditer(line):
        yield position, match.start()
        position = match.end()
    yield position, len(line)
