"""LIX for every page, on its rendered text; a page over the limit for its part of the site is a warning, so a
strict build fails; and a report page for editors with every page's figures, worst first."""

from __future__ import annotations

from dataclasses import dataclass

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from content.readability import Lix, measure
from plugins.readability.config import ReadabilityConfig
from plugins.site import fragment, site_of

log = get_plugin_logger(__name__)
PLACEHOLDER = "<!-- koord-lix -->"
REPORT = """---
title: Lesbarheit
search:
  exclude: true
---

# Lesbarheit

LIX for kvar side, rekna ut frå teksten lesaren ser (utan kode og menyar). LIX er talet på ord per setning pluss
delen lange ord (meir enn seks bokstavar) i prosent. Under 30 er svært lett, 30–40 lett, 40–50 middels, 50–60
vanskeleg og over 60 svært vanskeleg. Samansette ord trekkjer LIX opp på norsk, så talet er eit signal, ikkje ein dom.
Sider over grensa for sin del av nettstaden stoppar bygget.

{placeholder}
"""


@dataclass(frozen=True)
class Measured:
    title: str
    src_uri: str
    url: str
    lix: Lix
    limit: float | None

    @property
    def over(self) -> bool:
        return self.limit is not None and self.lix.value > self.limit


# Each page's last figures, by site (its mkdocs.yml) and page: a dirty build (`mkdocs serve --dirty`, the editors'
# preview) renders only the pages that changed, and the report still lists every page.
_LAST: dict[tuple[str, str], Measured] = {}


class ReadabilityPlugin(BasePlugin[ReadabilityConfig]):
    def __init__(self) -> None:
        self.measured: dict[str, Measured] = {}
        self._docs = "docs"

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        self._docs = site_of(config, "koord/readability").settings.docs_name
        self.measured = {}
        if self.config.report:
            files.append(File.generated(config, self.config.report, content=REPORT.format(placeholder=PLACEHOLDER)))
        return files

    # Last, so that what other plugins put into the content is there to measure (or to leave out).
    @event_priority(-100)
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        # A page that only repeats others (front matter `readability: false`, as the print view) is not measured.
        if not self.config.enabled or page.file.src_uri == self.config.report or page.meta.get("readability") is False:
            return None
        figures = measure(html)
        limit = self._limit(page.file.src_uri)
        measured = Measured(page.title or page.file.src_uri, page.file.src_uri, page.url, figures, limit)
        self.measured[page.file.src_uri] = measured
        _LAST[(config.config_file_path, page.file.src_uri)] = measured
        if measured.over:
            longest = " ".join(f"«{s}»" for s in figures.longest)
            log.warning(
                f"{self._docs}/{page.file.src_uri}: LIX {figures.value} er over grensa {limit} for denne delen av nettstaden. "
                f"Skriv kortare setningar og bruk kortare ord. Dei lengste setningane: {longest}"
            )
        return None

    # At `on_env`, when every page has been measured, the report page gets its table.
    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment | None:
        if not self.config.enabled or not self.config.report:
            return None
        for file in files.documentation_pages():
            last = _LAST.get((config.config_file_path, file.src_uri))
            if (
                file.src_uri not in self.measured
                and last is not None
                and (file.page is None or file.page.content is None)
            ):
                self.measured[file.src_uri] = last  # not rendered in this build: unchanged since it was measured
        report_file = files.get_file_from_path(self.config.report)
        report = report_file.page if report_file else None
        # on_files added the report; a generated page counts as changed, so even a dirty build has rendered it.
        assert report is not None and report.content is not None, "the report page is rendered before on_env"
        report.content = report.content.replace(PLACEHOLDER, self._table(report, config))
        return None

    def _limit(self, src_uri: str) -> float | None:
        matches = [prefix for prefix in self.config.limits if src_uri.startswith(prefix)]
        return self.config.limits[max(matches, key=len)] if matches else None

    def _table(self, report: Page, config: MkDocsConfig) -> str:
        site = site_of(config, "koord/readability")
        # A title in the other written standard (a bokmål patient page) says so, for screen readers.
        other = {
            src_uri: page.language for src_uri, page in site.pages.items() if page.language != site.settings.language
        }
        pages = [
            {
                "title": m.title,
                "url": get_relative_url(m.url, report.url),
                "value": m.lix.value,
                "over": m.over,
                "lang": other.get(m.src_uri),
                "limit": "" if m.limit is None else f"{m.limit:g}",
                "words": m.lix.words,
                "sentences": m.lix.sentences,
                "long_words": m.lix.long_words,
            }
            for m in sorted(self.measured.values(), key=lambda m: (-m.lix.value, m.src_uri))
        ]
        return fragment(config)("sider/lesbarheit", pages=pages)
