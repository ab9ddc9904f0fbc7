"""koord/site: loads the whole site's content once per build (content.load_site) for the plugins that publish it,
and stops the build with every content mistake in one report."""

from __future__ import annotations

import re
from html import escape as escape_html
from pathlib import Path

from jinja2 import ChoiceLoader, DictLoader, Environment, Template, TemplateError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from content.addresses import Addresses
from content.interface import Interface
from content.site import Settings, load_site
from plugins.site import TEMPLATE_CACHE, add_words, format_report, fragments, keep, place_frame, site_of
from plugins.site.config import SiteConfig
from plugins.site.menu import menu_memo
from plugins.site.minify import minify_ours

log = get_plugin_logger(__name__)
TEMPLATES = Path(__file__).parent.parent / "templates"


class SitePlugin(BasePlugin[SiteConfig]):
    # First, whatever the order under `plugins:`: every other plugin publishes from what this loads.
    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        self._nav: Navigation | None = (
            None  # set in on_nav for an edition in the other standard; a new build starts without
        )
        root = Path(config.config_file_path).resolve().parent
        options = self.config
        sources = {
            "guideline": options.guideline,
            "modules": options.modules,
            "roles": options.roles,
            "checklist": options.checklist,
        }
        settings = Settings(
            root=root,
            docs_dir=Path(config.docs_dir).resolve(),
            sources={part: folder or None for part, folder in sources.items()},
            addresses=Addresses(
                options.guideline_address,
                options.modules_address,
                options.roles_address,
                options.checklist_page,
                config.use_directory_urls,
            ),
            time_zone=options.time_zone,
            language=config.theme["language"],
            reviewed=tuple(options.reviewed),
            translated=dict(options.translated),
            edition=options.edition or None,
            public=options.public,
        )
        site = load_site(settings)
        keep(config, site)
        # Material's own words and <html lang> in the edition's written standard; the content keeps its own
        # (Settings.language), marked where it differs (on_page_content).
        config.theme["language"] = site.written_standard
        if site.interface is not None and site.written_standard != settings.language:
            _translate_site_name(config, site.interface, site.written_standard, settings.language)
        # The project's fragments and styles, at the lowest priority, so that a file of the same name in the site's
        # overrides/ replaces one.
        if str(TEMPLATES) not in config.theme.dirs:
            config.theme.dirs.append(str(TEMPLATES))
        _keep_compiled(config)
        for folder in sources.values():
            if folder and str(root / folder) not in config.watch:
                config.watch.append(str(root / folder))
        for note in site.notes:
            log.info(note)
        for warning in site.warnings:
            log.warning(str(warning))
        return config

    # Before anything is written: every mistake of every part at once.
    @event_priority(100)
    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        site = site_of(config, "koord/site")
        if site.errors:
            raise PluginError(format_report(site.errors))

    # The menu in the edition's written standard, once every plugin has put its pages in it.
    @event_priority(-100)
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        site = site_of(config, "koord/site")
        if self.config.enabled and site.interface is not None and site.written_standard != site.settings.language:
            own, standard = (
                site.own_words.words(site.settings.language, ("nav",)),
                site.own_words.words(site.written_standard, ("nav",)),
            )
            titles = {own[key]: standard[key] for key in own}
            _translate_nav(nav.items, titles)
            self._nav, self._titles = nav, set(titles.values())
            self._content_titles: re.Pattern | None = None
        return nav

    # The titles of content left in its own standard, marked where the theme shows them (menu, header, footer), and
    # the page's table of contents (its headings, also inside the menu). The titles are known once every page has
    # been read, before the first is written.
    # Last of all plugins, and then the page's HTML is let go: the page is written once this returns and nothing
    # reads it again, but MkDocs keeps every page's until the build ends (see on_env).
    @event_priority(-100)
    def on_post_page(self, output: str, *, page: Page | None, config: MkDocsConfig) -> str | None:
        if page is not None and self.config.enabled:
            page.content = None
        nav = getattr(self, "_nav", None)
        if not self.config.enabled or nav is None:
            return None
        site = site_of(config, "koord/site")

        def language(p: Page) -> str:
            return p.meta.get("lang") or (
                site.pages[p.file.src_uri].language if p.file.src_uri in site.pages else site.settings.language
            )

        if self._content_titles is None:
            # A page's own title (the theme shows its front matter's title in the header) and the menu's, unless the
            # menu's is a word of the site's.
            pages = [p for p in nav.pages if language(p) != site.written_standard]
            self._content_titles = _title_pattern(
                {
                    title
                    for p in pages
                    for title in (p.title, p.meta.get("title"))
                    if title and title not in self._titles
                }
            )
        if self._content_titles:
            output = self._content_titles.sub(
                lambda m: f'{m.group(1)} lang="{site.settings.language}">{m.group(3)}', output
            )
        if page is not None and language(page) != site.written_standard:
            output = output.replace(
                '<ul class="md-nav__list" data-md-component="toc"',
                f'<ul class="md-nav__list" lang="{language(page)}" data-md-component="toc"',
            )
        return output

    # The page for an unknown address has the menu too.
    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str | None:
        return self.on_post_page(output_content, page=None, config=config) if template_name == "404.html" else None

    # A page of the site's own words (front matter `words: true`, as «Leiaroversikt»): its Markdown is a template
    # whose word("…") calls are the table's words in the edition's standard, and the page is in that standard.
    @event_priority(100)
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled or not page.meta.get("words"):
            return None
        site = site_of(config, "koord/site")
        page.meta["lang"] = site.written_standard
        try:
            return _words_template(fragments(config), page.file.src_uri, markdown).render()
        except PluginError as exc:
            raise PluginError(f"{site.settings.docs_name}/{page.file.src_uri}: {exc}") from None
        except TemplateError as exc:
            raise PluginError(
                f"{site.settings.docs_name}/{page.file.src_uri}:{getattr(exc, 'lineno', '') or ''} {exc}; sida er ei side med orda "
                "til nettstaden (words: true), så {{ og {% må stå som i ein Jinja-mal"
            ) from None

    # The environment the theme's pages are rendered with, before its first template is compiled.
    # MkDocs has made every page's HTML by now, so the pages' Markdown (and a generated page's source, which the page
    # has read) is let go: nothing reads it again, but MkDocs keeps it, and the HTML it became, until the build ends.
    # Together (on_post_page lets the HTML go) that was half of the memory the build adds to plain Material's at 10x
    # content; the print view alone, the whole guideline on one page, held several MiB as it was written.
    @event_priority(100)
    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment | None:
        if self.config.enabled:
            env.globals["nav_memo"] = menu_memo()
            add_words(env, site_of(config, "koord/site"))
            for file in files.documentation_pages():
                # Empty, not None: MkDocs gives a page whose Markdown is None no title (the menu reads titles).
                if file.page is not None and file.page.markdown is not None:
                    file.page.markdown = ""
                if file.generated_by is not None:
                    file.content_string = ""
        return env

    # What plugins put under a page's title (a language switch, a review notice, the guideline's document
    # information) and at its end (the feedback link, the read confirmation) is placed in one place and order, once
    # the page's text is final: after Material's search and koord/readability have read it (on_page_content), since
    # it is the page's frame, not its text. The document information's hidden «review date passed» notice was in
    # search results on every chapter: Material's parser stops leaving a block out at the first inner element of the
    # same tag that closes.
    @event_priority(-90)
    def on_page_context(self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav) -> TemplateContext:
        if self.config.enabled and page.content is not None:
            page.content = self._framed(page, config)
        return context

    def _framed(self, page: Page, config: MkDocsConfig) -> str:
        html = place_frame(config, page.file.src_uri, page.content or "")
        site = site_of(config, "koord/site")
        own = site.pages.get(page.file.src_uri)
        language = own.language if own else site.settings.language
        # Text written in another standard than the site's own words (the nynorsk guideline in a bokmål edition) is
        # marked, so that screen readers read it right. A page that is wholly in its own language
        # (page.meta.lang, the translated patient pages) has it on <html> already.
        if language != site.written_standard and not page.meta.get("lang"):
            html = f'<div lang="{language}">{html}</div>'
        return html

    # The site's files as the other plugins left them, for on_post_build.
    @event_priority(-100)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        self.files = files
        return None

    # Last, once every file is written: our scripts and stylesheets as shipped.
    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.config.enabled:
            minify_ours(self.files, Path(TEMPLATE_CACHE.directory))


def _words_template(env: Environment, src_uri: str, markdown: str) -> Template:
    """A page of the site's own words as a template, compiled through the template cache like the theme's rather
    than on every build (`from_string` compiled the three such pages again each time, 20 ms of every build)."""
    name = f"koord-words/{src_uri}"
    assert env.loader is not None, "fragments() makes the environment from the theme, which has a loader"
    return env.overlay(loader=ChoiceLoader([DictLoader({name: markdown}), env.loader])).get_template(name)


def _title_pattern(titles: set[str]) -> re.Pattern | None:
    """Where Material shows a page's title (`<span class="md-ellipsis">`, `<div class="md-ellipsis">`), one of `titles`."""
    if not titles:
        return None
    names = "|".join(
        sorted(
            {re.escape(variant) for title in titles for variant in (title, escape_html(title, quote=False))},
            key=len,
            reverse=True,
        )
    )
    return re.compile(rf'(<(span|div) class="md-ellipsis")>(\s*(?:{names})\s*</\2>)')


def _keep_compiled(config: MkDocsConfig) -> None:
    """Every template environment made from the theme in this build keeps its compiled templates between builds
    (TEMPLATE_CACHE): MkDocs' own for the pages, the fragments' (plugins.site.fragments), and those other plugins
    make, such as Material's search, which compiled its language files on every build (20 ms)."""
    make_env = config.theme.get_env

    def get_env() -> Environment:
        env = make_env()
        env.bytecode_cache = TEMPLATE_CACHE
        return env

    config.theme.get_env = get_env  # type: ignore[method-assign]


def _translate_site_name(config: MkDocsConfig, interface: Interface, standard: str, own: str) -> None:
    """The site's name and description in the edition's standard, where mkdocs.yml has the table's own."""
    if config.site_name == interface.word("site.name", own):
        config.site_name = interface.word("site.name", standard)
    if config.site_description == interface.word("site.description", own):
        config.site_description = interface.word("site.description", standard)


def _translate_nav(items: list, titles: dict[str, str]) -> None:
    """The menu's own entries in the edition's standard: an entry whose title (given in mkdocs.yml's nav or by a
    plugin) is a nynorsk word of the table's «nav» area gets its counterpart; the others are titles of content."""
    for item in items:
        # A page's title is only read here where the nav gave it (a page's own title is its content's).
        given = item.__dict__.get("title") if isinstance(item, Page) else item.title
        if given in titles:
            item.title = titles[given]
        if item.children:
            _translate_nav(item.children, titles)
