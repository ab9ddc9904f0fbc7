"""The readable text of a rendered page, as blocks: no code, no scripts, no interface chrome (anything marked
data-search-exclude, such as the guideline's information box or the quiz form), no heading permalinks.

It reads the HTML Python-Markdown and the templates write (every element closed, attributes quoted), with regular
expressions rather than a parser, since LIX is measured on every page of every build: first the elements left out,
each to its own closing tag (counting nested ones of the same name), then the text between block tags. A loop over
every tag in Python took a twentieth of a build at 50x content."""

from __future__ import annotations

import html
import re

_SKIP = ("script", "style", "code", "pre", "kbd", "svg", "nav", "noscript", "template")
_BLOCK = (
    "p",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "td",
    "th",
    "dt",
    "dd",
    "blockquote",
    "div",
    "section",
    "article",
    "figcaption",
    "caption",
    "legend",
    "label",
    "summary",
    "details",
    "tr",
    "ul",
    "ol",
    "dl",
    "table",
    "br",
    "hr",
    "fieldset",
)
_ATTRIBUTES = r"""(?:[^>"']|"[^"]*"|'[^']*')*"""
_NAME_END = r"(?![a-zA-Z0-9-])"
# What is not text: comments, doctypes, processing instructions; and every tag (script and style are left out
# before, so a "<" inside one is never read as a tag).
_NOT_TEXT = re.compile(rf"<!--.*?-->|</?[a-zA-Z][a-zA-Z0-9-]*{_ATTRIBUTES}>|<![^>]*>|<\?[^>]*>", re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# A tag, opening or closing, where a block of text ends.
_BLOCK_TAG = re.compile(rf"</?(?:{'|'.join(_BLOCK)}){_NAME_END}{_ATTRIBUTES}>", re.IGNORECASE)
# Where an element that is left out starts: one of _SKIP, or any element marked as chrome or a permalink. The marks
# are found as plain text first (fast), then checked to stand in a tag's attributes.
_SKIP_TAG = re.compile(rf"<({'|'.join(_SKIP)}){_NAME_END}", re.IGNORECASE)
_MARKS = (re.compile("data-search-exclude"), re.compile("headerlink"))  # one each: a literal is found fastest
_TAG = re.compile(rf"<([a-zA-Z][a-zA-Z0-9-]*)({_ATTRIBUTES})>")
_MARKED = re.compile(
    r"""(?:^|\s)data-search-exclude(?:[\s=/]|$)|\bclass\s*=\s*(?:"[^"]*\bheaderlink\b[^"]*"|'[^']*\bheaderlink\b[^']*'|headerlink\b)"""
)
_VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "source", "area", "col", "embed", "track", "base"}


def text_blocks(markup: str) -> list[str]:
    blocks = []
    for chunk in _BLOCK_TAG.split(_without_left_out(_COMMENT.sub("", markup))):
        text = " ".join(html.unescape(_NOT_TEXT.sub("", chunk)).split()) if chunk else ""
        if text:
            blocks.append(text)
    return blocks


def _without_left_out(markup: str) -> str:
    kept, position = [], 0
    for start, name, after in sorted(_left_out_starts(markup)):
        if start < position:
            continue  # inside an element already left out
        kept.append(markup[position:start])
        self_closing = name in _VOID or markup[start:after].endswith("/>")
        position = after if self_closing else _end_of(markup, name, after)
    kept.append(markup[position:])
    return "".join(kept)


def _left_out_starts(markup: str):
    """Every opening tag of an element to leave out: where it starts, the element's name, where the tag ends."""
    for skip in _SKIP_TAG.finditer(markup):
        if tag := _TAG.match(markup, skip.start()):
            yield tag.start(), tag.group(1).lower(), tag.end()
    for mark in (found for marks in _MARKS for found in marks.finditer(markup)):
        opening = markup.rfind("<", 0, mark.start())
        tag = _TAG.match(markup, opening) if opening >= 0 else None
        if tag is not None and tag.end() > mark.start() and _MARKED.search(tag.group(2)):
            yield tag.start(), tag.group(1).lower(), tag.end()


def _end_of(markup: str, name: str, position: int) -> int:
    """Where the element `name` opened just before `position` ends: after its closing tag, nested ones of the same
    name counted; the end of the markup if it is never closed."""
    tags = re.compile(rf"<(/?){re.escape(name)}{_NAME_END}({_ATTRIBUTES})>", re.IGNORECASE)
    if name in ("script", "style"):  # raw text: what looks like a tag inside is text
        tags = re.compile(rf"</{name}\s*>()()", re.IGNORECASE)
    depth = 1
    for tag in tags.finditer(markup, position):
        if tag.group(1) or name in ("script", "style"):
            depth -= 1
        elif not tag.group(2).rstrip().endswith("/"):
            depth += 1
        if depth == 0:
            return tag.end()
    return len(markup)
