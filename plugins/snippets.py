"""Markdown snippets from data files (question texts, options, explanations, checklist steps) rendered to HTML with
the site's own Markdown extensions, once per build per text."""

from __future__ import annotations

import html
import re

import markdown
from mkdocs.config.defaults import MkDocsConfig

_SINGLE_PARAGRAPH = re.compile(r"\A<p>(.*)</p>\Z", re.DOTALL)
# A text of one paragraph with nothing any Markdown extension could read as markup: letters, digits, spaces and
# plain punctuation, no line that starts a block. Nearly every option and question is such a text, and running the
# whole Markdown pipeline for each (some 400 per build) cost more than the rest of the training pages together.
_PLAIN = re.compile(
    r"\A(?![ \t]*(?:\d+[.)]|[-+*>#=]|\s))[\w .,;:!?()«»“”–—'’/%§\"-]+(?:\n(?![ \t]*(?:\d+[.)]|[-+*>#=]|\s))[\w .,;:!?()«»“”–—'’/%§\"-]+)*\Z"
)


class Snippets:
    def __init__(self, config: MkDocsConfig) -> None:
        self._markdown = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
        self._rendered: dict[tuple[str, bool], str] = {}

    def html(self, text: str, inline: bool = False) -> str:
        """HTML for `text`; with `inline`, a single paragraph loses its <p> so that it fits in a label or legend."""
        key = (text, inline)
        if key not in self._rendered:
            self._rendered[key] = self._convert(text, inline)
        return self._rendered[key]

    def _convert(self, text: str, inline: bool) -> str:
        plain = text.strip()
        if _PLAIN.match(plain) and "  \n" not in plain:
            # What Markdown makes of it: one paragraph, the text as it is (html.escape changes nothing here).
            return html.escape(plain, quote=False) if inline else f"<p>{html.escape(plain, quote=False)}</p>"
        converted = self._markdown.reset().convert(text)
        match = _SINGLE_PARAGRAPH.match(converted) if inline else None
        return match.group(1) if match else converted
