"""Markdown snippets from data files (question texts, explanations, checklist steps) rendered to HTML with the
site's own Markdown extensions, once per build per text."""

from __future__ import annotations

import re

import markdown
from mkdocs.config.defaults import MkDocsConfig

_SINGLE_PARAGRAPH = re.compile(r"\A<p>(.*)</p>\Z", re.DOTALL)


class Snippets:
    def __init__(self, config: MkDocsConfig) -> None:
        self._markdown = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
        self._rendered: dict[tuple[str, bool], str] = {}

    def html(self, text: str, inline: bool = False) -> str:
        """HTML for `text`; with `inline`, a single paragraph loses its <p> so that it fits in a label or legend."""
        key = (text, inline)
        if key not in self._rendered:
            html = self._markdown.reset().convert(text)
            match = _SINGLE_PARAGRAPH.match(html) if inline else None
            self._rendered[key] = match.group(1) if match else html
        return self._rendered[key]
