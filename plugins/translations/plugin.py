"""koord/translations: publishes each page's counterpart in the other written standard, which the site's content
pairs (koord/site `translated`): the counterpart's own `lang`, a visible switch between the two on both, and the
standard in the <title> where the two read the same.

mkdocs-static-i18n builds the whole site once per language; here only the patient pages have a second language,
and the guideline and training plugins generate pages per build, so a folder pair is simpler."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from content.addresses import relative_url
from content.site import LANGUAGES
from plugins.config import Enabled
from plugins.site import fragment, site_of, under_title

NAME = "koord/translations"


class TranslationsPlugin(BasePlugin[Enabled]):
    def __init__(self) -> None:
        self._files: Files | None = None

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        self._files = files  # for the counterpart's title, which on_page_context has no other way to reach
        return None

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        own = site_of(config, NAME).pages.get(page.file.src_uri)
        if self.config.enabled and own is not None and own.counterpart and own.language != config.theme["language"]:
            # Read by overrides/partials/language.html: <html lang> and the theme's own words follow the page.
            page.meta["lang"] = own.language
        return None

    # Puts the switch under the page title, where a reader who prefers the other standard looks first.
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        site = site_of(config, NAME)
        own = site.pages.get(page.file.src_uri)
        if not self.config.enabled or own is None or own.counterpart is None:
            return None
        other = site.pages[own.counterpart].language
        url = relative_url(site.addresses.url(own.counterpart), page.url)
        switch = fragment(config)(
            "sider/sprakbyte", url=url, language=other, label=site.own_words.word("review.read-in-this-standard", other)
        )
        under_title(config, page.file.src_uri, "switch", switch)
        return None

    # At the template stage every page has its title: two that read the same get the standard in their <title>
    # (overrides/main.html), so that a browser tab, a bookmark or a screen reader can tell them apart.
    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav):
        site = site_of(config, NAME)
        own = site.pages.get(page.file.src_uri)
        if not self.config.enabled or own is None or own.counterpart is None:
            return context
        assert self._files is not None, "MkDocs runs on_files before on_page_context"
        file = self._files.get_file_from_path(own.counterpart)
        assert file is not None, "a counterpart is a page in the docs folder"
        counterpart = file.page
        if counterpart is not None and counterpart.title == page.title:
            page.meta["title_standard"] = LANGUAGES[own.language]
        return context
