"""Renders the open-point boxes (`!!! lokalt-val "…"`, `!!! ke-sjekk "…"`) on every page, in the page's written
standard: their title says what the box means. Separate from the guideline plugin because the public build, which
has no guideline, shows the patient pages' boxes too."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from content.guideline.boxes import rendered_titles


class BoxesPlugin(BasePlugin):
    # After the translations plugin has set the page's language (default priority 0).
    @event_priority(-50)
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if "lokalt-val" not in markdown and "ke-sjekk" not in markdown:
            return None  # most pages have no box: skip the line scan
        return rendered_titles(markdown, page.meta.get("lang", config.theme["language"]))
