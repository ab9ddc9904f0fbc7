"""MkDocs adapter for the roles: loads and checks them, one page per role, the "who does what" matrix, and
the check that each role's training modules agree with the modules' target roles."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from plugins import report
from content.yamlfile import ContentError, ContentErrors
from plugins.guideline.plugin import GuidelinePlugin
from plugins.nav import expand_nav
from plugins.roles.config import RolesConfig
from content.roles.loader import Roles, load_roles
from content.roles.render import index_markdown, matrix_markdown, role_markdown

log = get_plugin_logger(__name__)
MATRIX = "kven-gjer-kva"


class RolesPlugin(BasePlugin[RolesConfig]):
    def __init__(self) -> None:
        self.roles: Roles | None = None

    # Loads at `on_config`, after the guideline (for refs) and before the training modules (for target roles).
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        guideline = GuidelinePlugin.of(config, "koord/roles")
        root = Path(config.config_file_path).parent
        config.watch.append(str(root / self.config.source_dir))
        try:
            self.roles = load_roles(root, self.config.source_dir, guideline.section_ids)
        except ContentErrors as exc:
            self.roles = None
            report.record(config, "rollene", exc.errors)
            return config
        index = self._src_uri("index")
        pages = [index, *(self._src_uri(r.role.id) for r in self.roles.roles), {"Kven gjer kva": self._src_uri(MATRIX)}]
        if not expand_nav(config.nav, index, pages):
            log.warning(f"mkdocs.yml: nav manglar oppføringa for rollene; legg til «- Roller: {index}» der ho skal stå i menyen")
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        report.stop_if_any(config)

    # At `on_files` the training modules are loaded (koord/quiz, at its on_config), so module ids can be checked.
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        quiz = config.plugins.get("koord/quiz")
        modules = {m.module.id: m for m in quiz.modules} if quiz and quiz.config.enabled else {}
        guideline = GuidelinePlugin.of(config, "koord/roles").guideline
        matrix = matrix_markdown(self.roles, lambda ref: guideline.section(ref).label)
        pages = {self._src_uri("index"): index_markdown(self.roles), self._src_uri(MATRIX): matrix}

        def module_link(module_id: str) -> tuple[str, str]:
            return modules[module_id].module.title, posixpath.relpath(quiz.src_uri_of(module_id), self.config.url_prefix)

        for loaded in self.roles.roles:
            pages[self._src_uri(loaded.role.id)] = role_markdown(loaded.role, self.roles, module_link)
        for src_uri, markdown in pages.items():
            if files.get_file_from_path(src_uri) is not None:
                raise PluginError(f"docs/{src_uri} har same adresse som ei side om rollene; flytt fila i docs/ eller gje henne eit anna namn")
            files.append(File.generated(config, src_uri, content=markdown))
        return files

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """The matrix's task cells as row headers, so that a screen reader reading across a row hears the task with
        «Ansvarleg» (WCAG 1.3.1); Markdown tables cannot say so themselves."""
        if not self.config.enabled or page.file.src_uri != self._src_uri(MATRIX):
            return None
        html = re.sub(r"<tr>\s*<td>(.*?)</td>", r'<tr>\n<th scope="row">\1</th>', html, flags=re.DOTALL)
        return re.sub(r"<th>", '<th scope="col">', html)

    def check_modules(self, modules: dict) -> list[ContentError]:
        """Roles and training modules name each other (modules / target_roles): both sides must agree."""
        errors = []
        for loaded in self.roles.roles:
            role, document = loaded.role, loaded.document
            for index, module_id in enumerate(role.modules):
                if module_id not in modules:
                    errors.append(document.error(("modules", index), f"modulen «{module_id}» finst ikkje i opplæringa; kjende modular er {', '.join(sorted(modules)) or 'ingen'}"))
                elif role.id not in modules[module_id].module.target_roles:
                    errors.append(document.error(("modules", index), f"rolla krev modulen «{module_id}», men {modules[module_id].file} har ikkje «{role.id}» i target_roles; ta med rolla der, eller ta modulen bort her"))
            for module_id, loaded_module in sorted(modules.items()):
                if role.id in loaded_module.module.target_roles and module_id not in role.modules:
                    errors.append(document.error(("modules",), f"{loaded_module.file} har «{role.id}» i target_roles, men rolla listar ikkje modulen «{module_id}»; legg han til under modules"))
        return errors

    def names(self) -> dict[str, str]:
        return {r.role.id: r.role.name for r in self.roles.roles}

    def _src_uri(self, name: str) -> str:
        return f"{self.config.url_prefix}/{name}.md"
