"""Pairs every page in a folder with its counterpart in the other written standard: gives the counterpart its
own `lang`, puts a visible switch between the two on both, and warns when a counterpart is missing.

mkdocs-static-i18n builds the whole site once per language; here only the patient pages have a second
language, and the guideline and training plugins generate pages per build, so a folder pair is simpler."""

from __future__ import annotations


from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from plugins.paths import docs_folder
from plugins.translations.config import TranslationsConfig

log = get_plugin_logger(__name__)
NAMES = {"nn": ("nynorsk", "Les på nynorsk"), "nb": ("bokmål", "Les på bokmål")}


class TranslationsPlugin(BasePlugin[TranslationsConfig]):
    def __init__(self) -> None:
        self.counterparts: dict[str, tuple[str, str]] = {}  # src_uri -> (counterpart src_uri, counterpart language)
        self.languages: dict[str, str] = {}  # src_uri -> language, for the other standard's pages
        self._files: Files | None = None

    # At `on_files`, when every page is known, so that a missing counterpart can be named.
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        home, other = config.theme["language"], self.config.language
        self.counterparts, self.languages = {}, {}
        self._files = files
        pages = {f.src_uri for f in files.documentation_pages()}
        docs = docs_folder(config)
        for folder, translated in self.config.folders.items():
            # "" is the docs folder itself (the public build's docs folder holds only the patient pages).
            folder, translated = _prefix(folder), _prefix(translated)
            originals = {p[len(folder):] for p in pages if p.startswith(folder) and not p.startswith(translated)}
            translations = {p[len(translated):] for p in pages if p.startswith(translated)}
            for name in sorted(originals | translations):
                if name not in translations:
                    log.warning(f"{docs}/{folder}{name}: manglar utgåve på {NAMES[other][0]}; opprett {docs}/{translated}{name}")
                elif name not in originals:
                    log.warning(f"{docs}/{translated}{name}: manglar utgåve på {NAMES[home][0]}; opprett {docs}/{folder}{name}")
                else:
                    self.counterparts[folder + name] = (translated + name, other)
                    self.counterparts[translated + name] = (folder + name, home)
                if name in translations:
                    self.languages[translated + name] = other
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if self.config.enabled and page.file.src_uri in self.languages:
            # Read by overrides/partials/language.html: <html lang> and the theme's own words follow the page.
            page.meta["lang"] = self.languages[page.file.src_uri]
        return None

    # Puts the switch under the page title, where a reader who prefers the other standard looks first.
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled or page.file.src_uri not in self.counterparts:
            return None
        target, language = self.counterparts[page.file.src_uri]
        url = get_relative_url(files.get_file_from_path(target).url, page.url)
        switch = f'<p class="sprakbyte"><a href="{url}" hreflang="{language}" lang="{language}">{NAMES[language][1]}</a></p>'
        head, found, rest = html.partition("</h1>")
        return f"{head}{found}{switch}{rest}" if found else switch + html

    # At the template stage every page has its title: two that read the same get the standard in their <title>
    # (overrides/main.html), so that a browser tab, a bookmark or a screen reader can tell them apart.
    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav):
        if not self.config.enabled or page.file.src_uri not in self.counterparts:
            return context
        target, _ = self.counterparts[page.file.src_uri]
        counterpart = self._files.get_file_from_path(target).page
        if counterpart is not None and counterpart.title == page.title:
            language = self.languages.get(page.file.src_uri, config.theme["language"])
            page.meta["title_standard"] = NAMES[language][0]
        return context


def _prefix(folder: str) -> str:
    folder = folder.strip("/")
    return f"{folder}/" if folder else ""
