"""The readable text of a rendered page, as blocks: no code, no scripts, no interface chrome (anything marked
data-search-exclude, such as the guideline's information box or the quiz form), no heading permalinks.

A tokenizer of its own rather than html.parser: it reads the HTML Python-Markdown and the templates write (every
tag closed, attributes quoted) the same way, about three times as fast, and LIX is measured on every page of every
build."""

from __future__ import annotations

import html
import re

_SKIP = {"script", "style", "code", "pre", "kbd", "svg", "nav", "noscript", "template"}
_BLOCK = {
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
}
_VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "source", "area", "col", "embed", "track", "base"}
# Elements whose content is text up to their closing tag, whatever it holds (a "<" in a script is not a tag).
_RAW_TEXT = {"script", "style"}
_TOKEN = re.compile(
    r"<!--.*?-->|<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>|<![^>]*>|<\?[^>]*>|([^<]+|<)", re.DOTALL
)
_EXCLUDED = re.compile(
    r"""(?:^|\s)data-search-exclude(?:[\s=/]|$)|\bclass\s*=\s*(?:"[^"]*\bheaderlink\b[^"]*"|'[^']*\bheaderlink\b[^']*'|headerlink\b)"""
)


def text_blocks(markup: str) -> list[str]:
    blocks: list[str] = []
    current: list[str] = []
    depth, skip_from, position = 0, None, 0

    def flush() -> None:
        text = " ".join("".join(current).split())
        if text:
            blocks.append(text)
        current.clear()

    while (match := _TOKEN.search(markup, position)) is not None:
        position = match.end()
        close, name, attributes, data = match.groups()
        if data is not None:
            if skip_from is None:
                current.append(html.unescape(data))
            continue
        if name is None:
            continue  # a comment, doctype or processing instruction
        tag = name.lower()
        if close:
            if tag in _VOID:
                continue
            if skip_from is not None and depth == skip_from:
                skip_from = None
            depth -= 1
            if tag in _BLOCK:
                flush()
            continue
        if tag in _BLOCK:
            flush()
        if tag in _VOID or attributes.rstrip().endswith("/"):
            continue
        if tag in _RAW_TEXT:
            end = re.compile(rf"</{tag}\s*>", re.IGNORECASE).search(markup, position)
            position = end.end() if end else len(markup)
            continue  # never read: both are in _SKIP
        depth += 1
        if skip_from is None and (tag in _SKIP or _EXCLUDED.search(attributes)):
            skip_from = depth
    flush()
    return blocks
