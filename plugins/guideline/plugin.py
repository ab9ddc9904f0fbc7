"""koord/guideline: publishes the guideline from the site's content: its pages in the menu, `retningslinje:`
references resolved on every page, and the document information box on its own pages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from content.addresses import GUIDELINE_PAGES, Addresses, link, relative_url
from content.dates import norwegian_date
from content.guideline.changes import changed_ids
from content.guideline.model import Guideline
from content.guideline.references import resolve_references
from content.guideline.render import (
    changelog_markdown,
    changes_markdown,
    chapter_markdown,
    index_markdown,
    open_points_markdown,
    print_markdown,
)
from content.site import Site
from plugins.config import Enabled
from plugins.nav import expand_nav
from plugins.site import at_end, fragment, fragments, site_of, under_title

log = get_plugin_logger(__name__)
STYLESHEET = "assets/stylesheets/retningslinje.css"
NAME = "koord/guideline"


@dataclass(frozen=True)
class GuidelinePage:
    """A page the plugin writes, and the source file an editor should open for it."""

    kind: str  # "index", "chapter", "changelog", "print", "open-points" or "changes"
    source: str


class GuidelinePlugin(BasePlugin[Enabled]):
    def __init__(self) -> None:
        self.pages: dict[str, GuidelinePage] = {}
        self._box: dict[str, Any] = {}  # the information box's words that are the same on every page (on_files)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        site = site_of(config, NAME)
        if site.guideline is not None:
            self._expand_nav(config, site.addresses, site.guideline)
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        # Section ids are written as {#id}, and the generated pages put Markdown inside HTML.
        for extension in ("attr_list", "md_in_html"):
            if extension not in config.markdown_extensions:
                config.markdown_extensions.append(extension)
        return config

    def _expand_nav(self, config: MkDocsConfig, addresses: Addresses, guideline: Guideline) -> None:
        """Replace the nav entry `<address>/index.md` with the guideline's pages in the metadata's order."""
        index = addresses.guideline_page("index")
        chapters = [addresses.guideline_page(c.id) for c in guideline.chapters]
        extra = [{title: addresses.guideline_page(name)} for name, title in GUIDELINE_PAGES.items() if title]
        if not expand_nav(config.nav, index, [index, *chapters, *extra]):
            log.warning(
                f"mkdocs.yml: nav manglar oppføringa for retningslinja; legg til «- Retningslinja: {index}» der ho skal stå i menyen"
            )

    # Adds the pages at `on_files`, so that MkDocs builds the navigation and checks links with them.
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        site = site_of(config, NAME)
        guideline = site.guideline
        if not self.config.enabled or guideline is None:
            return None
        page = site.addresses.guideline_page
        meta_file = guideline.metadata_file
        render = fragment(config)
        changed = changed_ids(site.changes)
        questions = [
            (loaded.module.title, question.id, ref)
            for loaded in site.modules
            for question, _ in loaded.module.all_questions()
            for ref in question.refs
            if ref in changed
        ]
        elsewhere = [(point, link(src_uri, page("index"))) for point, src_uri in site.open_points_elsewhere]
        pages = {
            page("index"): (GuidelinePage("index", meta_file), index_markdown(guideline, lambda c: f"{c.id}.md")),
            page("endringslogg"): (GuidelinePage("changelog", meta_file), changelog_markdown(guideline)),
            page("utskrift"): (GuidelinePage("print", meta_file), print_markdown(guideline, render)),
            page("lokale-val"): (
                GuidelinePage("open-points", meta_file),
                open_points_markdown(guideline, elsewhere, *_trust(site), languages=_other_languages(site)),
            ),
            page("kva-er-endra"): (
                GuidelinePage("changes", meta_file),
                changes_markdown(_since(site), site.changes, questions, render, _local_changes(site)),
            ),
        }
        for chapter in guideline.chapters:
            pages[page(chapter.id)] = (
                GuidelinePage("chapter", chapter.heading.file),
                chapter_markdown(chapter, render),
            )
        meta = guideline.metadata
        # What the information box says that is the same on every page: worked out once, not once a page.
        self._box = {
            "meta": meta,
            "approved_date": norwegian_date(meta.approved_date),
            "valid_from": norwegian_date(meta.valid_from),
            "review_by": norwegian_date(meta.review_by),
            "checks": sum(point.kind == "ke-sjekk" for point in guideline.open_points),
            "choices": _choices_open(site),
            "edition": _edition_view(site),
            "approved": site.archive[-1].record if site.archive else None,
            "changes": len(site.changes),
            "review_by_iso": meta.review_by.isoformat(),
            "time_zone": site.time_zone,
        }
        self.pages = {}
        for src_uri, (generated, markdown) in pages.items():
            files.append(File.generated(config, src_uri, content=markdown))
            self.pages[src_uri] = generated
        return files

    # Resolves references before Markdown is rendered, so that MkDocs checks the resulting links and anchors too.
    # Unknown ids were reported with their file and line when the site was loaded.
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        site = site_of(config, NAME)
        if not self.config.enabled or site.guideline is None:
            return None
        own = self.pages.get(page.file.src_uri)
        if own is not None and own.kind == "print":
            return resolve_references(markdown, site.guideline, lambda s: f"#{s.id}")
        return resolve_references(markdown, site.guideline, lambda s: site.addresses.section_link(s, page.file.src_uri))

    # The information box under the title, so that it stands there in print too, and the read confirmation at the
    # end of each chapter and of the print view (what a reader confirms having read): koord/site places both once
    # the page's text is final.
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled or page.file.src_uri not in self.pages:
            return None
        site = site_of(config, NAME)
        guideline = site.guideline
        assert guideline is not None, "on_files writes the guideline's pages only when there is a guideline"
        meta, addresses = guideline.metadata, site.addresses
        if self.pages[page.file.src_uri].kind in ("chapter", "print"):
            # Read by overrides/main.html, which loads the confirmation's script on these pages only.
            page.meta["read_confirmation"] = True
            reading = (
                fragments(config)
                .get_template("fragments/retningslinje/lesestadfesting.html")
                .render(
                    version=meta.version,
                    time_zone=site.time_zone,
                    api_url=relative_url("api/v1/", page.url),
                    courses_url=relative_url(addresses.url(addresses.training_page("mine-kurs")), page.url),
                )
            )
            at_end(config, page.file.src_uri, "reading", reading)
        box = (
            fragments(config)
            .get_template("fragments/retningslinje/dokumentinfo.html")
            .render(
                **self._box,
                source=self.pages[page.file.src_uri].source,
                open_points_url=relative_url(addresses.url(addresses.guideline_page("lokale-val")), page.url),
                changes_url=relative_url(addresses.url(addresses.guideline_page("kva-er-endra")), page.url),
            )
        )
        under_title(config, page.file.src_uri, "document", box)
        return None


def _choices_open(site: Site) -> int:
    """Local choices still to make: all of them in the regional text, those the trust has not filled in its edition."""
    filled = set(site.edition.edition.local_choices) if site.edition else set()
    return sum(1 for choice_id in site.local_choices if choice_id not in filled)


def _edition_view(site: Site) -> dict | None:
    if site.edition is None:
        return None
    edition, approval = site.edition.edition, site.edition.edition.approval
    return {
        "name": edition.name,
        "version": approval.version,
        "status": approval.status,
        "approved_by": approval.approved_by,
        "approved_date": norwegian_date(approval.approved_date),
    }


def _other_languages(site: Site) -> dict[str, str]:
    """The hand-written pages in the other written standard than the guideline's, by file (docs/pasient/nb/…)."""
    return {page.file: page.language for page in site.pages.values() if page.language != site.settings.language}


def _trust(site: Site) -> tuple[str | None, set[str]]:
    """The trust whose edition this is, and the local choices it has filled."""
    if site.edition is None:
        return None, set()
    return site.edition.edition.name, set(site.edition.edition.local_choices)


def _since(site: Site) -> str | None:
    """Which approved version «Kva er endra» compares with: in an approved edition, the regional version that the
    edition's approval built on; otherwise the newest approved regional version."""
    # An edition's approved versions are loaded only with the edition.
    if site.edition is not None and site.edition_archive:
        record = site.edition_archive[-1].record
        base = next((v for v in site.archive if v.version == record.guideline_version), None)
        if base is not None:
            return (
                f"sidan versjon {base.record.version} av den regionale teksten, som versjon {record.version} av utgåva til "
                f"{site.edition.edition.name} byggjer på (godkjend {norwegian_date(record.approved_date)} av {record.approved_by})"
            )
    if not site.archive:
        return None
    approved = site.archive[-1].record
    return (
        f"sidan versjon {approved.version}, godkjend {norwegian_date(approved.approved_date)} av {approved.approved_by}"
    )


def _local_changes(site: Site) -> tuple[str, str, list] | None:
    if site.edition is None or not site.edition_archive:  # an edition's approved versions come only with the edition
        return None
    record = site.edition_archive[-1].record
    return (
        site.edition.edition.name,
        f"sidan versjon {record.version} ({norwegian_date(record.approved_date)})",
        site.local_changes,
    )
