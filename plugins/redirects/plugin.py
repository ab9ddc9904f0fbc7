"""Old addresses keep working: a renamed page (`pages:` in mkdocs.yml, old → new source file) and a renamed guideline
chapter (an alias in its front matter) get a small page at the old address that sends the reader on.

Like mkdocs-redirects, but in nynorsk, with lang set, and without an inline script (the intranet's CSP forbids it):
the hash of the old link is carried over by a script file from the site itself."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

from content.errors import ContentError, did_you_mean
from plugins.site import fragment, site_of, stop

SCRIPT = "assets/javascripts/redirect.js"


class RedirectsConfig(Config):
    # Old source path -> new source path under docs/, e.g. "pasient/rett.md": "pasient/rettar.md".
    pages = opt.Type(dict, default={})


class RedirectsPlugin(BasePlugin[RedirectsConfig]):
    def __init__(self) -> None:
        self._redirects: dict[str, str] = {}  # old URL -> new URL, both site-relative

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        wanted = dict(self.config.pages)
        site = site_of(config, "koord/redirects")
        if site.guideline is not None:
            page = site.addresses.guideline_page
            for chapter in site.guideline.chapters:
                wanted |= {page(old): page(chapter.id) for old, new in chapter.aliases.items() if new == chapter.id}
        pages = {f.src_uri: f for f in files.documentation_pages()}
        errors, self._redirects = [], {}
        for old, new in wanted.items():
            if old in pages:
                errors.append(
                    ContentError(
                        "mkdocs.yml",
                        None,
                        f"koord/redirects: «{old}» finst framleis som side; ei omdirigering er berre for ei side som er flytta eller omdøypt",
                    )
                )
            elif new not in pages:
                errors.append(
                    ContentError(
                        "mkdocs.yml",
                        None,
                        f"koord/redirects: målet «{new}» for «{old}» finst ikkje.{did_you_mean(new, pages)}",
                    )
                )
            else:
                self._redirects[File(old, "", "", config.use_directory_urls).url] = pages[new].url
        stop(config, "omdirigeringane", errors)
        return files

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        for old, new in self._redirects.items():
            target = Path(config.site_dir) / (old + "index.html" if old.endswith("/") or not old else old)
            target.parent.mkdir(parents=True, exist_ok=True)
            page = fragment(config)(
                "sider/omdirigering",
                url=get_relative_url(new, old),
                script=get_relative_url(SCRIPT, old),
                language=config.theme["language"],
            )
            target.write_text(page, encoding="utf-8")
