"""The preview's builds: MkDocs' own build of the site, in full the first time and after a failure, and after that
only of the pages the saved files feed (content.dependencies), as MkDocs' dirty build does for pages it is told are
modified. What a dirty build leaves out of the pages it does not build, the preview carries over from the last
build: their titles in the menu, and their entries in the search index."""

from __future__ import annotations

import json
import logging
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation

from content.dependencies import gathering_pages, pages_fed_by
from content.site import Site
from plugins.site import site_of

log = logging.getLogger("mkdocs.preview")
SEARCH_INDEX = "search/search_index.json"
READABILITY = "koord/readability"


class _DirtyNotice(logging.Filter):
    """MkDocs warns that a dirty build may leave the menu and links wrong: the preview carries them over itself."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build is being performed" not in record.getMessage()


logging.getLogger("mkdocs.commands.build").addFilter(_DirtyNotice())


class _Feeds(File):
    """A page a saved file feeds: built again."""

    def is_modified(self) -> bool:
        return True


class _Unchanged(File):
    """A page no saved file feeds: the dirty build leaves it as the last build wrote it."""

    def is_modified(self) -> bool:
        return False


@dataclass
class Memory:
    """What the preview keeps between builds."""

    site: Site | None = None  # the content as the last build that went through loaded it
    titles: dict[str, str] = field(default_factory=dict)  # page (src_uri) -> its title
    search: list[dict] = field(default_factory=list)  # the search index's entries, in page order
    built: int = 0  # pages the last build made again
    # Pages that gather from many files (content.dependencies.gathering_pages) which saves have fed since they were
    # last made: left for a build of their own (see tools/preview/__init__.py for when it runs).
    later: set[str] = field(default_factory=set)
    files: dict[str, Path] = field(default_factory=dict)  # page (src_uri) -> the file it is written to
    every_build: frozenset[Path] = frozenset()  # the files every build rewrites: the search index, the sitemap
    theme_files: ThemeFiles = field(default_factory=lambda: ThemeFiles())

    def files_of(self, pages: set[str]) -> frozenset[Path]:
        return frozenset(self.files[page] for page in pages if page in self.files)

    @property
    def later_files(self) -> frozenset[Path]:
        """What the build of the pages left for later rewrites, for the server to hold while it runs."""
        return self.files_of(self.later) | self.every_build


class PreviewBuilds(BasePlugin):
    """Preview only: marks each page as fed by the saved files or not, and carries over what the build leaves out."""

    def __init__(self, memory: Memory, changed: set[Path] | None, pages: set[str] | None = None) -> None:
        self.memory, self.changed, self.given = memory, changed, pages
        self.fed: set[str] | None = None
        self.pages: list[File] = []

    # Last, when every plugin has added its pages.
    @event_priority(-1000)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        site = site_of(config, "førehandsvisinga")
        report = config.plugins[READABILITY].config.report if READABILITY in config.plugins else None
        if self.given is not None:  # and the readability report, which koord/readability fills in every build
            self.fed = self.given | ({report} if report else set())
        else:
            self.fed = None if self.changed is None else pages_fed_by(self.memory.site, site, self.changed, report)
        # The saved file's own pages first; the pages that gather from many files in a build of their own later.
        later = self.fed & gathering_pages(site) if self.fed is not None and self.given is None else set()
        if later == self.fed:
            later = set()
        self.fed = self.fed - later if self.fed is not None else None
        self.memory.later = set() if self.fed is None else (self.memory.later | later) - self.fed
        site_dir = Path(config.site_dir)
        self.pages = list(files.documentation_pages())
        self.memory.files = {f.src_uri: site_dir / f.dest_uri for f in self.pages}
        self.memory.every_build = frozenset(
            [site_dir / SEARCH_INDEX, site_dir / "sitemap.xml", site_dir / "sitemap.xml.gz"]
        )
        for file in self.pages:
            file.__class__ = _Feeds if self.fed is None or file.src_uri in self.fed else _Unchanged
        self.memory.site = site
        return files

    # The menu on the pages built again names every page: those not built keep their title from the last build.
    @event_priority(-1000)
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        for page in nav.pages:
            if isinstance(page.file, _Unchanged) and page.file.src_uri in self.memory.titles:
                page.title = self.memory.titles[page.file.src_uri]
        return nav

    # After Material's search plugin has written the index of the pages built this time.
    @event_priority(-1000)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        pages = self.pages
        self.memory.built = sum(isinstance(f, _Feeds) for f in pages)
        for file in pages:
            if isinstance(file, _Feeds) and file.page is not None and file.page.title:
                self.memory.titles[file.src_uri] = file.page.title
        path = Path(config.site_dir) / SEARCH_INDEX
        if not path.is_file():
            return
        index = json.loads(path.read_text(encoding="utf-8"))
        fresh = _by_page(index["docs"])
        if self.fed is not None:
            kept = _by_page(self.memory.search)
            index["docs"] = [
                entry
                for f in pages
                # The front page's address is "./", its entries' location "".
                for entry in (fresh if isinstance(f, _Feeds) else kept).get(f.url.removeprefix("./"), [])
            ]
            # As Material writes it, so that the file is the full build's byte for byte.
            path.write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")
        self.memory.search = index["docs"]


def _by_page(entries: list[dict]) -> dict[str, list[dict]]:
    """Search entries grouped by the page they belong to (an entry's location is the page's URL, with an anchor)."""
    pages: dict[str, list[dict]] = {}
    for entry in entries:
        pages.setdefault(entry["location"].split("#", 1)[0], []).append(entry)
    return pages


class ThemeFiles:
    """The theme's file list, kept for the whole preview. Every build lists the theme's files to copy the static
    ones (MkDocs' add_files_from_theme, through the template environment's list_templates): a walk through some
    14,000 files, mostly Material's icons, that took a fifth of a rebuild. The installed themes do not change while
    the preview runs; the project's own template folders (overrides/, plugins/templates/) are looked through again
    every time, and a file added or removed there lists everything anew.

    This is the one place the preview relies on how MkDocs 1.6.1 builds (Theme.get_env, and list_templates called
    with the filter as its one keyword): tests/test_preview.py fails on another version with a message that says so."""

    def __init__(self) -> None:
        self._listings: dict[tuple, list[str]] = {}

    def add_to(self, config: MkDocsConfig) -> None:
        make_env = config.theme.get_env

        def get_env():
            env = make_env()
            own = env.list_templates
            env.list_templates = lambda extensions=None, filter_func=None: self.listing(
                env, own, extensions, filter_func
            )
            return env

        # This configuration's theme only; MkDocs has no hook for it (see above), so the method is replaced.
        config.theme.get_env = get_env  # type: ignore[method-assign]

    def listing(self, env, list_templates, extensions, filter_func) -> list[str]:
        installed = (sys.prefix, sys.base_prefix)
        own = tuple(
            sorted(
                os.path.join(root, name)
                for folder in env.loader.searchpath
                if not folder.startswith(installed)
                for root, _, names in os.walk(folder)
                for name in names
            )
        )
        code = getattr(filter_func, "__code__", None)  # MkDocs' own filter, whose patterns come from the theme
        key = (tuple(env.loader.searchpath), own, extensions, code)
        if key not in self._listings:
            self._listings[key] = list_templates(extensions=extensions, filter_func=filter_func)
        return list(self._listings[key])


def preview_config(
    config_file: str, site_dir: str, serve_url: str, theme_files: ThemeFiles | None = None
) -> MkDocsConfig:
    """The site's configuration, loaded anew for every build as `mkdocs serve` does, as the preview builds it."""
    config = load_config(config_file=config_file, site_dir=site_dir)
    config.site_url = serve_url
    if theme_files is not None:
        theme_files.add_to(config)
    if "koord/quiz" in config.plugins:
        quiz = config.plugins["koord/quiz"].config
        # The editor tries the questions with no tracker running, and the approver reads the «Fasit» pages: here, on
        # the editor's own machine, the answer key is in the page. No learning platform needs the packages.
        quiz["scoring"] = "browser"
        quiz["scorm_dir"] = ""
    return config


def run_build(
    config_file: str,
    site_dir: str,
    serve_url: str,
    memory: Memory,
    changed: set[Path] | None,
    pages: set[str] | None = None,
) -> MkDocsConfig:
    """One build: of everything when `changed` is None (the first build, after a failure, after a file was removed),
    else of the pages the changed files feed but those that gather from many (left in `memory.later`); or of
    `pages`, those left for later."""
    config = preview_config(config_file, site_dir, serve_url, memory.theme_files)
    plugin = PreviewBuilds(memory, changed, pages)
    config.plugins["koord/preview"] = plugin
    build(config, serve_url=serve_url, dirty=changed is not None or pages is not None)
    return config
