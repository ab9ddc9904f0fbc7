"""Open points in the content: a local choice each trust makes (`!!! lokalt-val "…" {#id}`) and a statement KE must
check against the law (`!!! ke-sjekk "…"`). Both are Markdown admonitions, so that an editor writes them like any
other box. A local choice has a stable id: each trust's edition fills it by that id (content/editions.py), and
the guideline's «Lokale val og opne punkt» page lists them.

How a box is shown: in the regional text as a marked slot; in a trust's edition as the trust's own text, or as not
decided yet in that trust."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from content.errors import ContentError
from content.markdown import prose_lines
from content.yamlfile import ID_PATTERN, ID_RULE

# The box's kind (its admonition type) and the words its rendered title starts with, per written standard.
KINDS = {"lokalt-val": "Lokalt val: må avgjerast", "ke-sjekk": "Må kontrollerast av KE"}
KINDS_NB = {"lokalt-val": "Lokalt valg: må avgjøres", "ke-sjekk": "Må kontrolleres av KE"}
# In a trust's edition: the trust's own text in the box's place, or a slot the trust has not filled yet.
LOCAL = {"nn": "Lokalt i {name}", "nb": "Lokalt i {name}"}
UNDECIDED = {"nn": "Ikkje avgjort i {name} enno", "nb": "Ikke avgjort i {name} ennå"}

_BOX = re.compile(r"^(?P<indent> {0,3})(?P<marker>!!!|\?\?\?\+?)[ \t]+(?P<kind>lokalt-val|ke-sjekk)(?P<rest>[^\n]*)$")
_TITLE = re.compile(r'^[ \t]+"(?P<title>[^"]*\S[^"]*)"(?:[ \t]+\{#(?P<id>[^}\s]*)\})?[ \t]*$')


@dataclass(frozen=True)
class OpenPoint:
    kind: str  # a key of KINDS
    title: str
    file: str
    line: int
    section_id: str | None = None  # the guideline section the box stands in; None on other pages
    choice_id: str | None = None  # a local choice's stable id


@dataclass(frozen=True)
class Box:
    index: int  # line index in the Markdown
    kind: str
    title: str
    choice_id: str | None = None


def find_boxes(markdown: str, file: str, first_line: int = 1) -> tuple[list[Box], list[ContentError]]:
    """Every open-point box outside code, and what is wrong with any of them (no title, no id for a local choice,
    no indented text)."""
    boxes, errors = [], []
    lines = markdown.split("\n")
    for index, line in prose_lines(markdown):
        match = _BOX.match(line)
        if not match:
            continue
        kind, line_no = match.group("kind"), first_line + index
        title = _TITLE.match(match.group("rest"))
        if not title:
            errors.append(
                ContentError(
                    file,
                    line_no,
                    f'boksen «{kind}» manglar tittel: skriv til dømes !!! {kind} "Kva som må avgjerast" (tittelen i hermeteikn)',
                )
            )
            continue
        choice_id = title.group("id")
        if kind == "lokalt-val" and choice_id is None:
            errors.append(
                ContentError(
                    file,
                    line_no,
                    (
                        f"det lokale valet «{title.group('title').strip()}» manglar fast id: helseføretaka fyller det ut etter id-en. "
                        f'Skriv han etter tittelen, til dømes !!! lokalt-val "{title.group("title").strip()}" {{#kort-namn}}'
                    ),
                )
            )
            continue
        if choice_id is not None and not ID_PATTERN.match(choice_id):
            errors.append(ContentError(file, line_no, f"id-en «{choice_id}» til boksen er ugyldig: {ID_RULE}"))
            continue
        if not _has_body(lines, index):
            errors.append(
                ContentError(
                    file,
                    line_no,
                    f"boksen «{kind}» har ingen tekst: skriv kva som må avgjerast på linja under, med fire mellomrom først",
                )
            )
            continue
        boxes.append(Box(index, kind, title.group("title").strip(), choice_id))
    return boxes, errors


def _has_body(lines: list[str], index: int) -> bool:
    following = [line for line in lines[index + 1 :] if line.strip()][:1]
    return bool(following) and following[0].startswith("    ")


def _body_end(lines: list[str], index: int) -> int:
    """The line after a box's indented text (blank lines inside the text belong to it)."""
    end = index + 1
    for position in range(index + 1, len(lines)):
        if lines[position].startswith("    "):
            end = position + 1
        elif lines[position].strip():
            break
    return end


# A trust's text for a local choice in the page's written standard, or None where the trust has not filled it.
LocalText = Callable[[str, str], "str | None"]


def rendered_boxes(
    markdown: str, language: str = "nn", trust: str | None = None, local_text: LocalText | None = None
) -> str:
    """The boxes as a reader sees them. Without a trust (the regional text): the box's meaning before its title, so
    that it is read the same on screen, in print and aloud. In a trust's edition, a local choice becomes the
    trust's text (`local_text(choice_id, language)`), or a box saying the trust has not decided it yet."""
    words = KINDS_NB if language == "nb" else KINDS
    lines = markdown.split("\n")
    replaced: dict[int, tuple[int, list[str]]] = {}
    for index, line in prose_lines(markdown):
        match = _BOX.match(line)
        title = _TITLE.match(match.group("rest")) if match else None
        if not match or not title:
            continue
        indent, marker, kind = match.group("indent"), match.group("marker"), match.group("kind")
        name, choice_id = title.group("title").strip(), title.group("id")
        if trust is None or kind != "lokalt-val" or choice_id is None:
            lines[index] = f'{indent}{marker} {kind} "{words[kind]} – {name}"'
            continue
        text = local_text(choice_id, language) if local_text else None
        if text is None:
            lines[index] = (
                f'{indent}{marker} ikkje-avgjort "{UNDECIDED.get(language, UNDECIDED["nn"]).format(name=trust)} – {name}"'
            )
            continue
        body = [f"{indent}    {row}" if row.strip() else "" for row in text.strip("\n").split("\n")]
        replaced[index] = (
            _body_end(lines, index),
            [f'{indent}!!! lokal-tekst "{LOCAL.get(language, LOCAL["nn"]).format(name=trust)} – {name}"', *body],
        )
    for index in sorted(replaced, reverse=True):
        end, new = replaced[index]
        lines[index:end] = new
    return "\n".join(lines)


def by_kind(points: list[OpenPoint]) -> Iterator[tuple[str, list[OpenPoint]]]:
    for kind in KINDS:
        yield kind, [p for p in points if p.kind == kind]
