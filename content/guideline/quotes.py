"""Law quoted is the law's own words: a block quotation (`>`) in the guideline that names a provision (a «§» in the
quotation or in the paragraph just before it) must end with a source line that starts with an em dash
(`> — Spesialisthelsetenestelova § 2-5 a`). A paraphrase is plain text, never a quotation, so that a reader can tell
what the law says from what the guideline says about it."""

from __future__ import annotations

import re

from content.errors import ContentError
from content.markdown import prose_lines

_QUOTE = re.compile(r"^ {0,3}>")
_SOURCE = re.compile(r"^ {0,3}>\s*—\s+\S")


def unmarked_law_quotes(body: str, file: str, first_line: int) -> list[ContentError]:
    """A warning at the first line of every quotation that names a provision but has no source line."""
    lines = dict(prose_lines(body))
    problems = []
    index, last = 0, max(lines, default=-1)
    while index <= last:
        if index not in lines or not _QUOTE.match(lines[index]):
            index += 1
            continue
        start = index
        while index in lines and _QUOTE.match(lines[index]):
            index += 1
        quote = [lines[i] for i in range(start, index)]
        before = _paragraph_before(lines, start)
        if "§" not in " ".join(quote + before):
            continue
        filled = [line for line in quote if line.strip().lstrip(">").strip()]
        if filled and _SOURCE.match(filled[-1]):
            continue
        problems.append(
            ContentError(
                file,
                first_line + start,
                (
                    "blokksitatet nemner ei føresegn (§), men er ikkje merkt som lovtekst. Er det ordlyden i lova, så avslutt det "
                    "med ei kjeldelinje, til dømes «> — Spesialisthelsetenestelova § 2-5 a»; er det ei omskriving, så skriv det "
                    "som vanleg tekst utan «>»"
                ),
            )
        )
    return problems


def _paragraph_before(lines: dict[int, str], start: int) -> list[str]:
    """The lines of the paragraph that ends right above a quotation (a lead-in such as «§ 38 a seier:»)."""
    found: list[str] = []
    index = start - 1
    while index in lines and not lines[index].strip():
        index -= 1
    while index in lines and lines[index].strip():
        found.insert(0, lines[index])
        index -= 1
    return found
