"""Open points in the content: a local choice the trust or KE must make (`!!! lokalt-val "…"`) and a statement KE
must check against the law (`!!! ke-sjekk "…"`). Both are Markdown admonitions, so that an editor writes them like
any other box; the guideline collects them on one page for the approver and cannot be approved while any is open."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from content.errors import ContentError
from content.markdown import prose_lines

# The box's kind (its admonition type) and the words its rendered title starts with, per written standard.
KINDS = {"lokalt-val": "Lokalt val: må avgjerast", "ke-sjekk": "Må kontrollerast av KE"}
KINDS_NB = {"lokalt-val": "Lokalt valg: må avgjøres", "ke-sjekk": "Må kontrolleres av KE"}

_BOX = re.compile(r'^(?P<indent> {0,3})(?P<marker>!!!|\?\?\?\+?)[ \t]+(?P<kind>lokalt-val|ke-sjekk)(?P<rest>[^\n]*)$')
_TITLE = re.compile(r'^[ \t]+"(?P<title>[^"]*\S[^"]*)"[ \t]*$')


@dataclass(frozen=True)
class OpenPoint:
    kind: str  # a key of KINDS
    title: str
    file: str
    line: int
    section_id: str | None = None  # the guideline section the box stands in; None on other pages


@dataclass(frozen=True)
class Box:
    index: int  # line index in the Markdown
    kind: str
    title: str


def find_boxes(markdown: str, file: str, first_line: int = 1) -> tuple[list[Box], list[ContentError]]:
    """Every open-point box outside code, and what is wrong with any of them (no title, no indented text)."""
    boxes, errors = [], []
    lines = markdown.split("\n")
    for index, line in prose_lines(markdown):
        match = _BOX.match(line)
        if not match:
            continue
        kind, line_no = match.group("kind"), first_line + index
        title = _TITLE.match(match.group("rest"))
        if not title:
            errors.append(ContentError(file, line_no, f'boksen «{kind}» manglar tittel: skriv til dømes !!! {kind} "Kva som må avgjerast" (tittelen i hermeteikn)'))
            continue
        if not _has_body(lines, index):
            errors.append(ContentError(file, line_no, f"boksen «{kind}» har ingen tekst: skriv kva som må avgjerast på linja under, med fire mellomrom først"))
            continue
        boxes.append(Box(index, kind, title.group("title").strip()))
    return boxes, errors


def _has_body(lines: list[str], index: int) -> bool:
    following = [line for line in lines[index + 1:] if line.strip()][:1]
    return bool(following) and following[0].startswith("    ")


def rendered_titles(markdown: str, language: str = "nn") -> str:
    """Put the box's meaning in front of its title, so that it is read the same on screen, in print and aloud."""
    words = KINDS_NB if language == "nb" else KINDS
    lines = markdown.split("\n")
    for index, line in prose_lines(markdown):
        match = _BOX.match(line)
        title = match and _TITLE.match(match.group("rest"))
        if title:
            lines[index] = f'{match.group("indent")}{match.group("marker")} {match.group("kind")} "{words[match.group("kind")]} – {title.group("title").strip()}"'
    return "\n".join(lines)


def by_kind(points: list[OpenPoint]) -> Iterator[tuple[str, list[OpenPoint]]]:
    for kind in KINDS:
        yield kind, [p for p in points if p.kind == kind]
