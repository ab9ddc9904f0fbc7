"""koord/boxes: renders the open-point boxes (`!!! lokalt-val "…"`, `!!! ke-sjekk "…"`) on every page, in the page's
written standard: their title says what the box means. Apart from koord/guideline because the public build, which
has no guideline, shows the patient pages' boxes too."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from content.guideline.boxes import rendered_boxes
from plugins.config import Enabled
from plugins.site import site_of


class BoxesPlugin(BasePlugin[Enabled]):
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled or ("lokalt-val" not in markdown and "ke-sjekk" not in markdown):
            return None  # most pages have no box: skip the line scan
        site = site_of(config, "koord/boxes")
        own = site.pages.get(page.file.src_uri)
        trust = site.edition.edition.name if site.edition else None
        return rendered_boxes(markdown, own.language if own else site.settings.language, trust, site.local_text)
