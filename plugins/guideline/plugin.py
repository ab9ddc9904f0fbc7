"""MkDocs adapter for the guideline: loads it, adds its pages, numbers the navigation, resolves
`retningslinje:` references on every page and puts the document information box on its pages."""

from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfoNotFoundError

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from plugins import report
from content.yamlfile import ContentErrors
from plugins.nav import expand_nav
from plugins.paths import docs_folder
from plugins.time_zone import site_time_zone, today
from content.guideline.approval import ApprovedVersion, check_approval
from content.guideline.changes import SectionChange, changed_ids, compare
from plugins.guideline.config import GuidelineConfig
from content.guideline.loader import load_guideline, unknown_id_message, unknown_references
from content.dates import norwegian_date
from content.guideline.model import Guideline, Section
from content.guideline.references import find_references, resolve_references
from content.guideline.boxes import OpenPoint, find_boxes
from content.guideline.render import changelog_markdown, changes_markdown, chapter_markdown, index_markdown, open_points_markdown, print_markdown

log = get_plugin_logger(__name__)
TEMPLATES = Path(__file__).parent / "templates"
STYLESHEET = "assets/stylesheets/retningslinje.css"


@dataclass(frozen=True)
class GuidelinePage:
    """A page the plugin writes, and the source file an editor should open for it."""

    kind: str  # "index", "chapter", "changelog", "print", "open-points" or "changes"
    source: str


class GuidelinePlugin(BasePlugin[GuidelineConfig]):
    @staticmethod
    def of(config: MkDocsConfig, needed_by: str) -> GuidelinePlugin:
        """The guideline plugin, for plugins that check references against it in their own on_config."""
        plugin = config.plugins.get("koord/guideline")
        if not isinstance(plugin, GuidelinePlugin) or not plugin.loaded:
            raise PluginError(f"{needed_by} treng koord/guideline: før koord/guideline opp før {needed_by} under plugins i mkdocs.yml")
        return plugin

    @property
    def section_ids(self) -> set[str] | None:
        """Every id a reference may name, or None when the guideline has errors (then others skip that check)."""
        return self.guideline.section_ids if self.guideline else None

    def __init__(self) -> None:
        self.guideline: Guideline | None = None
        self.loaded = False  # on_config has run: the guideline is loaded, or its errors are in the build's report
        self.pages: dict[str, GuidelinePage] = {}
        self._env: Environment | None = None
        self._docs_name = "docs"
        self.archive: list[ApprovedVersion] = []  # approved versions, oldest first
        self.changes: list[SectionChange] = []  # since the newest approved version

    # Loads at `on_config`, before anything else, so that other plugins and the nav can use the guideline.
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        root = Path(config.config_file_path).parent
        self._docs_name = docs_folder(config)
        self.loaded = True
        try:
            self.guideline = load_guideline(root, self.config.source_dir, self.config.metadata_file)
        except ContentErrors as exc:
            # The other plugins still check their own files, so that every mistake is reported in one build.
            self.guideline = None
            report.record(config, "retningslinja", exc.errors)
            config.watch.append(str(root / self.config.source_dir))
            return config
        for problem in unknown_references(self.guideline):
            log.warning(str(problem))
        # A passed review date is not checked here: readers see it on the page, the approver in `make approval-check`.
        today = self._today(config)
        self.archive, errors = check_approval(root, self.guideline, self.config.source_dir, today)
        report.record(config, "godkjenninga", errors)
        self.changes = compare(self.archive[-1].guideline, self.guideline) if self.archive else []
        self._expand_nav(config)
        # Lowest priority, so that a site's own overrides/ can replace the plugin's templates.
        config.theme.dirs.append(str(TEMPLATES))
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        config.watch.append(str(root / self.config.source_dir))
        # Section ids are written as {#id}, and the generated pages put Markdown inside HTML.
        for extension in ("attr_list", "md_in_html"):
            if extension not in config.markdown_extensions:
                config.markdown_extensions.append(extension)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        report.stop_if_any(config)

    def _today(self, config: MkDocsConfig) -> dt.date:
        try:
            return today(site_time_zone(config))
        except (ZoneInfoNotFoundError, ValueError):
            return dt.date.today()  # koord/quiz reports the unknown time zone and stops the build

    def _expand_nav(self, config: MkDocsConfig) -> None:
        """Replace the nav entry `<prefix>/index.md` with the guideline's pages in the metadata's order."""
        index = self._src_uri("index")
        pages = [
            index,
            *(self._src_uri(c.id) for c in self.guideline.chapters),
            {"Endringslogg": self._src_uri("endringslogg")},
            {"Utskriftsversjon": self._src_uri("utskrift")},
            {"Lokale val": self._src_uri("lokale-val")},
            {"Kva er endra": self._src_uri("kva-er-endra")},
        ]

        if not expand_nav(config.nav, index, pages):
            log.warning(f"mkdocs.yml: nav manglar oppføringa for retningslinja; legg til «- Retningslinja: {index}» der ho skal stå i menyen")

    # Adds the pages at `on_files`, so that MkDocs builds the navigation and checks links with them.
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        guideline = self.guideline
        meta_file = guideline.metadata_file
        pages = {
            self._src_uri("index"): (GuidelinePage("index", meta_file), index_markdown(guideline, lambda c: f"{c.id}.md")),
            self._src_uri("endringslogg"): (GuidelinePage("changelog", meta_file), changelog_markdown(guideline)),
            self._src_uri("utskrift"): (GuidelinePage("print", meta_file), print_markdown(guideline)),
            self._src_uri("lokale-val"): (GuidelinePage("open-points", meta_file), open_points_markdown(guideline, self._open_points_elsewhere(files))),
            self._src_uri("kva-er-endra"): (GuidelinePage("changes", meta_file), changes_markdown(self._since(), self.changes, self._questions_to_review(config))),
        }
        for chapter in guideline.chapters:
            pages[self._src_uri(chapter.id)] = (GuidelinePage("chapter", chapter.heading.file), chapter_markdown(chapter))
        self.pages = {}
        for src_uri, (page, markdown) in pages.items():
            if files.get_file_from_path(src_uri) is not None:
                raise PluginError(
                    f"docs/{src_uri} har same adresse som ei side i retningslinja ({page.source}); flytt fila i docs/ eller gje henne eit anna namn"
                )
            files.append(File.generated(config, src_uri, content=markdown))
            self.pages[src_uri] = page
        self._env = config.theme.get_env()
        return files

    def _since(self) -> str | None:
        if not self.archive:
            return None
        record = self.archive[-1].record
        return f"sidan versjon {record.version}, godkjend {norwegian_date(record.approved_date)} av {record.approved_by}"

    def _questions_to_review(self, config: MkDocsConfig) -> list[tuple[str, str, str]]:
        """Questions citing a section changed or removed since the approved version: the editor must look at them."""
        quiz = config.plugins.get("koord/quiz")
        changed = changed_ids(self.changes)
        # The editor is warned by koord/quiz, against the module's own version (quiz/cited_changes.py); this list is
        # for approvers, against the approved guideline.
        return [
            (loaded.module.title, question.id, ref)
            for loaded in (quiz.modules if quiz is not None else [])
            for question, _ in loaded.module.all_questions()
            for ref in question.refs if ref in changed
        ]

    def _open_points_elsewhere(self, files: Files) -> list[tuple[OpenPoint, str]]:
        """Boxes on hand-written pages (a patient page's contact point), with a link from the open-points page."""
        found = []
        for file in files.documentation_pages():
            if file.generated_by is not None:
                continue
            name = f"{self._docs_name}/{file.src_uri}"
            boxes, errors = find_boxes(file.content_string, name)
            for problem in errors:
                log.warning(str(problem))
            link = posixpath.relpath(file.src_uri, self.config.url_prefix)
            found += [(OpenPoint(box.kind, box.title, name, box.index + 1), link) for box in boxes]
        return found

    # Resolves references before Markdown is rendered, so that MkDocs checks the resulting links and anchors too.
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled:
            return None
        own = self.pages.get(page.file.src_uri)
        if own is None:
            # Hand-written pages: name the file and line; guideline pages were checked against their source at load.
            for ref in find_references(page.file.content_string):
                if self.guideline.section(ref.section_id) is None:
                    log.warning(f"{self._docs_name}/{page.file.src_uri}:{ref.line}: {unknown_id_message(ref.section_id, self.guideline.section_ids)}")
        if own is not None and own.kind == "print":
            return resolve_references(markdown, self.guideline, lambda s: f"#{s.id}")
        return resolve_references(markdown, self.guideline, lambda s: self.link(s, page.file.src_uri))

    def src_uri_of_page(self, name: str) -> str:
        """A page the plugin writes («kva-er-endra», «utskrift», …), as a path in the docs folder."""
        return self._src_uri(name)

    def src_uri_of(self, section: Section) -> str:
        """The page a section is published on, as a path in the docs folder."""
        return self._src_uri(section.chapter_id)

    def url(self, section: Section, page: Page, files: Files) -> str:
        """A relative URL from a rendered page to `section`, for plugins that write HTML rather than Markdown."""
        return self.url_from(page.url, section, files)

    def url_from(self, page_url: str, section: Section, files: Files) -> str:
        """A relative URL to `section` from the page published at `page_url`."""
        target = files.get_file_from_path(self.src_uri_of(section)).url
        return get_relative_url(target, page_url) + ("" if section.level == 1 else f"#{section.id}")

    def link(self, section: Section, from_src_uri: str) -> str:
        """A relative Markdown link from the page `from_src_uri` to `section`."""
        path = posixpath.relpath(self.src_uri_of(section), posixpath.dirname(from_src_uri) or ".")
        return path if section.level == 1 else f"{path}#{section.id}"

    # Adds the information box to the rendered content, so that it stands under the page's title in print too.
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled or page.file.src_uri not in self.pages:
            return None
        meta = self.guideline.metadata
        box = self._env.get_template("fragments/retningslinje/dokumentinfo.html").render(
            meta=meta,
            source=self.pages[page.file.src_uri].source,
            approved_date=norwegian_date(meta.approved_date),
            valid_from=norwegian_date(meta.valid_from),
            review_by=norwegian_date(meta.review_by),
            open_points=len(self.guideline.open_points),
            open_points_url=get_relative_url(files.get_file_from_path(self._src_uri("lokale-val")).url, page.url),
            changes_url=get_relative_url(files.get_file_from_path(self._src_uri("kva-er-endra")).url, page.url),
            approved=self.archive[-1].record if self.archive else None,
            changes=len(self.changes),
            review_by_iso=meta.review_by.isoformat(),
            time_zone=site_time_zone(config),
        )
        head, found, rest = html.partition("</h1>")
        return f"{head}{found}{box}{rest}" if found else box + html

    def _src_uri(self, name: str) -> str:
        return f"{self.config.url_prefix}/{name}.md"
