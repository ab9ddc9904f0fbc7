"""koord/roles: publishes the roles from the site's content: one page per role and the «who does what» matrix."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from content.addresses import ROLE_PAGES, link, relative_url
from content.roles.render import MATRIX_PLACEHOLDER, index_markdown, matrix, matrix_markdown, role_markdown
from plugins.config import Enabled
from plugins.nav import expand_nav
from plugins.site import fragments, site_of

log = get_plugin_logger(__name__)
NAME = "koord/roles"
MATRIX = "kven-gjer-kva"


class RolesPlugin(BasePlugin[Enabled]):
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        site = site_of(config, NAME)
        if not self.config.enabled or site.roles is None:
            return None
        page = site.addresses.role_page
        index = page("index")
        pages = [
            index,
            *(page(r.role.id) for r in site.roles.roles),
            *({title: page(name)} for name, title in ROLE_PAGES.items() if title),
        ]
        if not expand_nav(config.nav, index, pages):
            log.warning(
                f"mkdocs.yml: nav manglar oppføringa for rollene; legg til «- Roller: {index}» der ho skal stå i menyen"
            )
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        site = site_of(config, NAME)
        if not self.config.enabled or site.roles is None:
            return None
        page, addresses = site.addresses.role_page, site.addresses
        modules = {m.module.id: m.module for m in site.modules}

        def module_link(module_id: str) -> tuple[str, str]:
            return modules[module_id].title, link(addresses.training_page(module_id), page("index"))

        pages = {
            page("index"): index_markdown(site.roles),
            page(MATRIX): matrix_markdown(),
        }
        for loaded in site.roles.roles:
            pages[page(loaded.role.id)] = role_markdown(loaded.role, site.roles, module_link)
        for src_uri, markdown in pages.items():
            files.append(File.generated(config, src_uri, content=markdown))
        return files

    # The matrix as a table fragment, where the URLs of the roles and sections are known relative to the page.
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        site = site_of(config, NAME)
        if not self.config.enabled or site.roles is None or page.file.src_uri != site.addresses.role_page(MATRIX):
            return None
        addresses, guideline = site.addresses, site.guideline
        assert guideline is not None, "every task cites the guideline, so there are no roles without one"
        roles = [
            {"name": r.role.name, "url": relative_url(addresses.url(addresses.role_page(r.role.id)), page.url)}
            for r in site.roles.roles
        ]
        tasks = [
            {
                **row,
                "refs": [
                    {"label": s.label, "url": addresses.section_url(s, page.url)}
                    for s in map(guideline.cited_section, row["refs"])
                ],
            }
            for row in matrix(site.roles)
        ]
        table = fragments(config).get_template("fragments/roller/matrise.html").render(roles=roles, tasks=tasks)
        return html.replace(MATRIX_PLACEHOLDER, table)
