"""Markdown slips that Python-Markdown renders silently wrong: an unclosed code fence or HTML block that swallows the
rest of the page, a box (admonition) left empty, and a list that melts into the text above it or loses its nesting.

Each slip becomes one ContentError at the line an editor must change, with what to do, in nynorsk. No MkDocs import:
plugin.py runs these checks on every page before the build.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from content.errors import ContentError
from content.markdown import FRONT_MATTER, code_blocks
from content.memo import Stored, code, digest

# Python-Markdown (which MkDocs uses), unlike CommonMark, nests by a fixed four spaces (its tab_length): a list
# item's further text, a list inside a list item and the text of a box must start four spaces further in than the
# line they belong to. Two or three spaces, enough in CommonMark and in most editors' previews, make a sub-point
# into another step of the list above, move a paragraph out of its list, and leave a box empty.
INDENT = 4

# As admonition and pymdownx.details read a box's first line: type words, then an optional title in quotes.
_ADMONITION = re.compile(r'^(?P<indent> *)(?:!!!|\?\?\?\+?) ?(?P<kind>[\w-]+)(?: +[\w-]+)*(?: +".*")? *$')
_ITEM = re.compile(r"^ *(?:[*+-]|\d+\.) +\S")
_RULE = re.compile(r"^ *(?:(?:-[ ]{0,2}){3,}|(?:\*[ ]{0,2}){3,}|(?:_[ ]{0,2}){3,}|={3,})$")
_HEADING = re.compile(r"^ *#{1,6}")
_SNIPPET = re.compile(r"^ *-{1,}8<-{1,}")
_CODE_SPAN = re.compile(r"(`+).+?\1")
_TAG = re.compile(r"(?<!\\)<(?P<close>/?)(?P<name>[A-Za-z][A-Za-z0-9]*)(?=[\s/>]|$)(?P<attributes>[^<>]*)")

# Tags that Python-Markdown treats as a block of raw HTML and whose closing tag is required: one left open takes the
# rest of the page with it. Tags with an optional end (p, li, td, option) or none (hr, input) are not counted.
_BLOCK_TAGS = frozenset(
    "address article aside blockquote canvas center details dialog div dl fieldset figcaption figure footer form "
    "h1 h2 h3 h4 h5 h6 header hgroup iframe main menu nav noscript ol pre script section style summary table "
    "textarea ul video".split()
)


@dataclass(frozen=True)
class UnclosedBlock(ContentError):
    """A code or HTML block never closed: the rest of the file is misread, so later messages about it would mislead."""


@dataclass(frozen=True)
class Line:
    number: int
    text: str  # tabs expanded to four spaces, as Python-Markdown reads them
    code: bool = False  # the first line of a fenced code block, which stands for the whole block

    @property
    def indent(self) -> int:
        return len(self.text) - len(self.text.lstrip(" "))

    @property
    def blank(self) -> bool:
        return not self.text.strip()


# Each file's slips, kept between builds under a digest of its name and text: checking every Markdown file was 15 ms
# of a build at 1x content and 0.1 s at 10x, and a file that did not change has the same slips. The version is the
# code that checks.
_CORE = Path(__file__).parent.parent
_FOUND: Stored[list[tuple[bool, int | None, str]]] = Stored(
    "markdown", code(__file__, _CORE / "markdown.py", _CORE / "errors.py")
)


def checked(text: str, file: str) -> list[ContentError]:
    """`check_markdown`, from an earlier build when the file has not changed since."""
    found = _FOUND.get(digest(f"{file}\0{text}"), _found, text, file)
    return [(UnclosedBlock if unclosed else ContentError)(file, line, message) for unclosed, line, message in found]


def _found(text: str, file: str) -> list[tuple[bool, int | None, str]]:
    return [(isinstance(error, UnclosedBlock), error.line, error.message) for error in check_markdown(text, file)]


def check_markdown(text: str, file: str) -> list[ContentError]:
    """Every slip in one Markdown file, in line order; [] when the file renders as it reads."""
    lines, errors = _outside_code(_body(text), file)
    errors += _check_html(lines, file)
    errors += _check_admonitions(lines, file)
    errors += _check_lists(lines, file)
    return sorted(errors, key=lambda error: error.line or 0)


def _body(text: str) -> list[Line]:
    """The file's lines after its front matter, numbered as in the file."""
    front = FRONT_MATTER.match(text)
    skip = text.count("\n", 0, front.end()) if front else 0
    return [Line(number, line.rstrip("\r").expandtabs(INDENT)) for number, line in enumerate(text.split("\n"), 1)][
        skip:
    ]


# --- 1. Code fences -------------------------------------------------------------------------------------------------


def _outside_code(lines: list[Line], file: str) -> tuple[list[Line], list[ContentError]]:
    """The lines with each fenced code block reduced to its first line (marked `code`), and the blocks never closed
    (content.markdown reads the blocks as pymdownx.superfences does)."""
    result: list[Line] = []
    errors: list[ContentError] = []
    position = 0
    for block in code_blocks([line.text for line in lines]):
        result += lines[position : block.start]
        opening = lines[block.start]
        result.append(Line(opening.number, opening.text, code=True))
        if block.unclosed == "dedent":
            errors.append(
                _unclosed_fence(
                    opening,
                    block.fence,
                    file,
                    f"før teksten går tilbake til mindre innrykk på linje {lines[block.end].number}",
                )
            )
        elif block.unclosed == "new":
            errors.append(
                _unclosed_fence(
                    opening, block.fence, file, f"før ei ny kodeblokk startar på linje {lines[block.end].number}"
                )
            )
        elif block.unclosed == "end":
            errors.append(_unclosed_fence(opening, block.fence, file, ""))
        position = block.end
    return result + lines[position:], errors


def _unclosed_fence(opening: Line, fence: str, file: str, before: str) -> ContentError:
    problem = f"blir ikkje lukka {before}" if before else "blir aldri lukka, så resten av fila blir kode"
    where = f", med same innrykk ({opening.indent} mellomrom) som her" if opening.indent else ""
    return UnclosedBlock(
        file,
        opening.number,
        f"kodeblokka som startar her ({fence}) {problem}; skriv {fence} på ei eiga linje der ho sluttar{where}",
    )


# --- 2. HTML blocks -------------------------------------------------------------------------------------------------


def _check_html(lines: list[Line], file: str) -> list[ContentError]:
    """Block tags that are opened and never closed, closed without being opened, and comments never closed."""
    errors: list[ContentError] = []
    open_tags: list[tuple[str, int]] = []
    comment_from: int | None = None
    for line in lines:
        if line.code:
            continue
        text = _CODE_SPAN.sub("", line.text)
        text, comment_from = _outside_comments(text, line.number, comment_from)
        for match in _TAG.finditer(text):
            name = match.group("name").lower()
            if name not in _BLOCK_TAGS or match.group("attributes").rstrip().endswith("/"):
                continue
            if not match.group("close"):
                open_tags.append((name, line.number))
            elif any(tag == name for tag, _ in open_tags):
                errors += _close(open_tags, name, line.number, file)
            else:
                errors.append(
                    ContentError(
                        file,
                        line.number,
                        f"</{name}> her lukkar ingen open <{name}>; ta han bort, eller skriv <{name}> der blokka startar",
                    )
                )
    errors += [
        UnclosedBlock(
            file,
            number,
            f"<{name}> som blir opna her, blir aldri lukka, så resten av sida hamnar inni han; skriv </{name}> på ei eiga linje der blokka sluttar",
        )
        for name, number in open_tags
    ]
    if comment_from is not None:
        errors.append(
            ContentError(
                file,
                comment_from,
                "kommentaren som startar her (<!--) blir aldri lukka og blir vist som tekst; skriv --> der han sluttar",
            )
        )
    return errors


def _outside_comments(text: str, number: int, comment_from: int | None) -> tuple[str, int | None]:
    """The part of a line outside HTML comments, and the line of a comment still open at its end."""
    kept = ""
    while text:
        if comment_from is not None:
            end = text.find("-->")
            if end < 0:
                return kept, comment_from
            text, comment_from = text[end + 3 :], None
        start = text.find("<!--")
        if start < 0:
            return kept + text, None
        kept, text, comment_from = kept + text[:start], text[start + 4 :], number
    return kept, comment_from


def _close(open_tags: list[tuple[str, int]], name: str, number: int, file: str) -> list[ContentError]:
    """Close the innermost open `name`; tags opened inside it and still open were never closed."""
    errors: list[ContentError] = []
    while open_tags:
        tag, opened = open_tags.pop()
        if tag == name:
            break
        errors.append(
            UnclosedBlock(
                file,
                opened,
                f"<{tag}> som blir opna her, blir ikkje lukka før </{name}> på linje {number}; skriv </{tag}> før </{name}>",
            )
        )
    return errors


# --- 3. Boxes (admonitions) -----------------------------------------------------------------------------------------


def _check_admonitions(lines: list[Line], file: str) -> list[ContentError]:
    """A box (!!!, ??? or ???+) whose next non-blank line is not indented four spaces more: the box is empty."""
    errors = []
    for index, line in enumerate(lines):
        match = None if line.code else _ADMONITION.match(line.text)
        if not match:
            continue
        body = next((following for following in lines[index + 1 :] if not following.blank), None)
        if body is not None and body.indent >= line.indent + INDENT:
            continue
        kind, need = match.group("kind"), " " * (line.indent + INDENT)
        if body is not None and body.indent > line.indent:
            problem = f"er tom: teksten under har berre {body.indent - line.indent} mellomrom innrykk og hamnar utanfor boksen"
        else:
            problem = "har ingen tekst med innrykk under seg og blir ein tom boks"
        errors.append(
            ContentError(
                file,
                line.number,
                f"boksen «{kind}» {problem}; skriv teksten på linjene under med {len(need)} mellomrom først på kvar linje",
            )
        )
    return errors


# --- 4 and 5. Lists -------------------------------------------------------------------------------------------------


def _kind(line: Line) -> str:
    """What a line is, as far as lists care: item, text, table, code, or break (a line that ends a paragraph)."""
    text = line.text.strip()
    if line.code:
        return "code"
    if _RULE.match(line.text) or _HEADING.match(line.text) or _ADMONITION.match(line.text) or _SNIPPET.match(line.text):
        return "break"
    if text.startswith("<!--") or _starts_with_block_tag(text):
        return "break"
    if _ITEM.match(line.text):
        return "item"
    return "table" if text.startswith("|") else "text"


def _starts_with_block_tag(text: str) -> bool:
    match = _TAG.match(text)
    return match is not None and match.group("name").lower() in _BLOCK_TAGS


def _segments(lines: list[Line]) -> Iterator[tuple[Line, str, Line | None, Line, bool]]:
    """(line, kind, previous line, first line of its paragraph, blank line before) for every non-blank line.

    The previous line is None after a blank line; a break line starts a new paragraph after it.
    """
    previous: Line | None = None
    first: Line | None = None
    blank_before = True
    for line in lines:
        if line.blank:
            previous, first, blank_before = None, None, True
            continue
        kind = _kind(line)
        first = first or line
        yield line, kind, previous, first, blank_before
        previous, blank_before = line, False
        if kind == "break":
            first = None


def _check_lists(lines: list[Line], file: str) -> list[ContentError]:
    errors: list[ContentError] = []
    base: int | None = None  # the indent of the open list's container (0 at the top, 4 in a box), None outside lists
    last_item: Line | None = None
    segments = list(_segments(lines))
    items = {line.number for line, kind, *_ in segments if kind == "item"}
    for line, kind, previous, first, blank_before in segments:
        if kind == "item":
            error = _list_after_paragraph(line, previous, first, line.number + 1 in items, file)
            errors += [error] if error else []
            if base is None:
                base = line.indent - line.indent % INDENT
            elif last_item is not None:
                shallow = _shallow_item(line, last_item, base, file)
                if shallow:
                    errors.append(shallow)
                    continue  # meant as a sub-point: the next point is compared with the one above it
                error = _other_kind_of_list(line, last_item, base, file)
                errors += [error] if error else []
            last_item = line
            continue
        if base is None or last_item is None:
            continue
        if (
            blank_before
            and kind in _CONTENT
            and last_item.indent < line.indent
            and _depth(line, base) == _depth(last_item, base)
        ):
            errors.append(_shallow_content(line, kind, last_item, file))
        if line.indent < base + INDENT and (blank_before or kind == "break"):
            base, last_item = None, None
    return errors


def _depth(line: Line, base: int) -> int:
    return (line.indent - base) // INDENT


def _list_after_paragraph(
    item: Line, previous: Line | None, first: Line, more_items: bool, file: str
) -> ContentError | None:
    """A list right under a paragraph, table or code block, with no blank line: Python-Markdown runs it into that block.

    Under an item of the same list it is a new item or a sub-list, which is fine. A single line starting with «1.» or
    «-» under a sentence may just be the sentence going on («… frå\\n1. januar»), so that needs a colon above or a
    second item below to count as a list.
    """
    if previous is None or first is None or _kind(first) == "item":
        return None
    above = _kind(previous)
    if above not in _RUNS_INTO or (above == "text" and not (previous.text.rstrip().endswith(":") or more_items)):
        return None
    what, result = _RUNS_INTO[above]
    return ContentError(
        file,
        item.number,
        f"lista som startar her, står rett under {what} utan tom linje imellom, så {result}; set inn ei tom linje over lista",
    )


# The block a list runs into, by the kind of line above it: (what it is, what becomes of the list).
_RUNS_INTO = {
    "text": ("eit avsnitt", "blir lista vanleg tekst i avsnittet"),
    "table": ("ein tabell", "blir punkta nye rader i tabellen"),
    "code": ("ei kodeblokk", "blir lista vanleg tekst"),
}


def _shallow_item(item: Line, last_item: Line, base: int, file: str) -> ContentError | None:
    """A sub-point indented 2 or 3 spaces under its item: Python-Markdown makes it another point of the same list."""
    if item.indent < last_item.indent + 2 or _depth(item, base) != _depth(last_item, base):
        return None
    need = last_item.indent + INDENT
    return ContentError(
        file,
        item.number,
        f"underpunktet her har berre {item.indent - last_item.indent} mellomrom meir innrykk enn punktet over (linje {last_item.number}), "
        f"så det blir eit eige punkt i same lista, ikkje eit underpunkt; set {need} mellomrom først på linja",
    )


def _other_kind_of_list(item: Line, last_item: Line, base: int, file: str) -> ContentError | None:
    """A numbered point under bullet points (or the other way round) at the same level, with at most a blank line
    between: Python-Markdown, unlike CommonMark, makes them one list, all numbered or all bullets like the first."""
    if _depth(item, base) != _depth(last_item, base) or _numbered(item) == _numbered(last_item):
        return None
    return ContentError(
        file,
        item.number,
        f"punktet her held fram lista over (linje {last_item.number}), som har eit anna slag punkt, og blir ein del av henne; "
        "skriv eit avsnitt mellom listene, eller gjer det til eit underpunkt med fire mellomrom meir innrykk",
    )


def _numbered(item: Line) -> bool:
    return item.text.lstrip()[0].isdigit()


# Text, a code block or a table that can belong to a list item: (what it is, the pronoun for it).
_CONTENT = {"text": ("teksten", "han"), "code": ("kodeblokka", "ho"), "table": ("tabellen", "han")}


def _shallow_content(line: Line, kind: str, last_item: Line, file: str) -> ContentError:
    """More for a list item after a blank line, indented 1 to 3 spaces too few: it falls out of the list and ends it."""
    what, it = _CONTENT[kind]
    need = last_item.indent + INDENT
    return ContentError(
        file,
        line.number,
        f"{what} her ser ut til å høyre til punktet på linje {last_item.number}, men har for lite innrykk, så {it} hamnar "
        f"utanfor lista og deler ho i to; set {need} mellomrom først på linja",
    )
