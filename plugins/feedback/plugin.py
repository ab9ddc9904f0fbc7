"""koord/feedback: the small «Meld frå om feil eller noko uklart» link at the end of every numbered section of the
guideline, every patient page (in its own written standard) and every module page, and, on the editors' page, the
titles of the places feedback is about. The link opens a form whose code the browser fetches only when it is used
(assets/javascripts/feedback/); it sends to the tracker. Only the staff build lists this plugin, so the public build
has no form and makes no tracker call."""

from __future__ import annotations

import json
import re
from pathlib import Path

from mkdocs.config import config_options as opt
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from content.addresses import relative_url
from content.interface import STANDARDS
from content.site import Site
from content.training.views import json_for_script
from plugins.config import Enabled
from plugins.site import at_end, fragment, site_of

NAME = "koord/feedback"
# The form's words, one file per written standard, fetched by the form when it opens (feedback/form.js).
WORDS_FILE = "assets/javascripts/feedback/words-{standard}.json"
_HEADING = re.compile(r'<h[1-6][^>]*\sid="([^"]+)"')


class FeedbackConfig(Enabled):
    # Folders in docs/ whose every page gets the link at its end: the patient pages.
    pages = opt.ListOfItems(opt.Type(str), default=["pasient/"])
    # The editors' page, which lists the feedback: it gets the titles of the guideline's sections and the modules.
    editors_page = opt.Type(str, default="redaktor/tilbakemeldingar.md")


class FeedbackPlugin(BasePlugin[FeedbackConfig]):
    # Which page is which chapter, and which pages are modules: once per build, not once per page (at 50x content
    # a scan of every chapter for every page is some 700,000 lookups).
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if self.config.enabled:
            site = site_of(config, NAME)
            chapters = site.guideline.chapters if site.guideline else []
            self._chapters = {site.addresses.guideline_page(c.id): c for c in chapters}
            self._modules = {site.addresses.training_page(m.module.id) for m in site.modules}
        return None

    # The links are interface, not text: they go in after Material's search (priority 0) and koord/readability have
    # read the page (search read every chapter's links only to leave them out: a tenth of a second at 10x content),
    # and before koord/site frames the page (-90), which places what goes at a page's end.
    @event_priority(-50)
    def on_page_context(self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav) -> TemplateContext:
        if not self.config.enabled or page.content is None:
            return context
        site = site_of(config, NAME)
        src_uri = page.file.src_uri
        chapter = self._chapters.get(src_uri)
        if chapter is not None:
            sections = {s.id: s for s in chapter.sections}
            page.content = _after_each_section(page.content, sections, _linker(site, page, config))
        elif src_uri == self.config.editors_page:
            places = fragment(config)("tilbakemelding/stader", places=json_for_script(_places(site, page.url)))
            at_end(config, src_uri, "feedback", places)
        elif src_uri in self._modules or src_uri.startswith(tuple(self.config.pages)):
            # A patient page in its own written standard; a module page in the edition's.
            own = site.pages.get(src_uri)
            link = _linker(site, page, config)(None, None, own.language if own else site.written_standard)
            at_end(config, src_uri, "feedback", link)
        return context

    # The form's words in both standards: a patient page has the link in its own standard, whatever the edition's.
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        interface = site_of(config, NAME).own_words
        for standard in STANDARDS:
            target = Path(config.site_dir) / WORDS_FILE.format(standard=standard)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(
                json.dumps(interface.words(standard, ("feedback-script",)), ensure_ascii=False), encoding="utf-8"
            )


def _linker(site: Site, page: Page, config: MkDocsConfig):
    """The link for a section of this page (or the page), in a written standard."""
    render = fragment(config)
    version = site.guideline.metadata.version if site.guideline else None

    def link(section, about: str | None, language: str = site.written_standard) -> str:
        page.meta["feedback"] = True  # read by overrides/main.html, which then loads the links' few hundred bytes
        return render(
            "tilbakemelding/lenkje",
            page=page.url,
            section=section,
            version=version,
            about=about,
            language=language,
            content_language=site.settings.language,
            text=site.own_words.word("feedback.link", language),
            api_url=relative_url("api/v1/", page.url),
        )

    return link


def _after_each_section(html: str, sections: dict, link) -> str:
    """A link at the end of each numbered section's own text: before the next section's heading, the last at the end."""
    found = [(m.start(), sections[m.group(1)]) for m in _HEADING.finditer(html) if m.group(1) in sections]
    if not found:
        return html
    parts = [html[: found[0][0]]]
    ends = [start for start, _ in found[1:]] + [len(html)]
    for (start, section), end in zip(found, ends, strict=True):
        parts.append(html[start:end] + link(section.id, f"{section.label} {section.title}"))
    return "".join(parts)


def _places(site: Site, from_url: str) -> dict:
    """What the editors' page names each place by: the guideline's chapters and sections, and the modules."""
    addresses = site.addresses
    pages, sections = {}, {}
    for chapter in site.guideline.chapters if site.guideline else []:
        pages[addresses.url(addresses.guideline_page(chapter.id))] = f"{chapter.heading.label} {chapter.heading.title}"
        for section in chapter.sections:
            sections[section.id] = {
                "label": f"{section.label} {section.title}",
                "url": addresses.section_url(section, from_url),
            }
    for loaded in site.modules:
        pages[addresses.url(addresses.training_page(loaded.module.id))] = f"Opplæring: {loaded.module.title}"
    return {"pages": pages, "sections": sections}
