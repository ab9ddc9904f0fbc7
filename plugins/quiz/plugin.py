"""MkDocs adapter for the training modules: loads and checks them against the guideline, publishes one
page per module plus an overview and "Mine kurs", and writes the build manifest for the tracker."""

from __future__ import annotations

import json
import re
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from plugins import report
from content.yamlfile import ContentError, ContentErrors, did_you_mean
from content.guideline.changes import changed_ids
from content.dates import norwegian_date
from plugins.guideline.plugin import GuidelinePlugin
from plugins.nav import expand_nav
from plugins.snippets import Snippets
from plugins.quiz.config import QuizConfig
from content.training.answer_key import answer_key_markdown
from content.training.cited_changes import changed_citations, next_versions, shallow, texts_at, version_set
from content.training.cues import find_cues
from content.training.loader import ModuleFile, load_modules
from content.training.manifest import manifest
from content.training.model import Case, Module
from content.training.scorm import write_package

log = get_plugin_logger(__name__)
TEMPLATES = Path(__file__).parent / "templates"
PLACEHOLDER = "<!-- koord-quiz -->"
RESERVED_IDS = {"index", "mine-kurs"}
_SOURCE_MAP = re.compile(rb"\n?/\*# sourceMappingURL=[^*]*\*/\s*$")


class QuizPlugin(BasePlugin[QuizConfig]):
    def __init__(self) -> None:
        self.modules: list[ModuleFile] = []
        self.guideline_plugin: GuidelinePlugin | None = None
        self.role_names: dict[str, str] | None = {}
        self._pages: dict[str, Module | str] = {}  # src_uri -> module, or "overview" / "mine-kurs"
        self._env: Environment | None = None
        self._snippets: Snippets | None = None
        self._root = Path()
        self._files: Files | None = None

    # Runs after the guideline plugin's on_config (it comes first in `plugins`), so that refs can be checked.
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        self.guideline_plugin = guideline = GuidelinePlugin.of(config, "koord/quiz")
        roles = config.plugins.get("koord/roles")
        if roles is None or not roles.config.enabled:
            raise PluginError("koord/quiz treng koord/roles for target_roles: før koord/roles opp før koord/quiz under plugins i mkdocs.yml")
        # None when the roles have errors of their own (already in the report): then target_roles is not checked.
        self.role_names = roles.names() if roles.roles else None
        try:
            ZoneInfo(self.config.time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise PluginError(f"mkdocs.yml: time_zone «{self.config.time_zone}» under koord/quiz er inga kjend tidssone; skriv til dømes Europe/Oslo") from None
        self._root = Path(config.config_file_path).parent
        config.watch.append(str(self._root / self.config.source_dir))
        try:
            self.modules = load_modules(self._root, self.config.source_dir, guideline.section_ids)
        except ContentErrors as exc:
            self.modules = []
            report.record(config, "opplæringa", exc.errors)
            return config
        report.record(config, "opplæringa", self._check_names_and_roles())
        if roles.roles:
            report.record(config, "rollene", roles.check_modules({m.module.id: m for m in self.modules}))
        # Warnings, not errors: a strict build still fails, and `mkdocs serve` shows the page while the editor rewrites.
        for loaded in self.modules:
            for cue in find_cues(loaded.module):
                log.warning(f"{loaded.file}:{loaded.document.line_of(cue.path)}: modulen «{loaded.module.id}» røper svar: {cue.message}")
        self._warn_changed_citations()
        self._expand_nav(config)
        # Lowest priority, so that a site's own overrides/ can replace the plugin's templates.
        config.theme.dirs.append(str(TEMPLATES))
        # One renderer per build: the site page and the SCORM package render the same texts.
        self._snippets = Snippets(config)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        report.stop_if_any(config)

    def _warn_changed_citations(self) -> None:
        """A question whose cited section was reworded since its module's version was set must be looked at again.
        A warning, so that the pull request's strict build waits for the editor to raise the version."""
        guideline = self.guideline_plugin
        if guideline.guideline is None or not self.modules:
            return
        if shallow(self._root):
            log.info("git-historikken er avkorta (shallow clone), så spørsmål som viser til omskrivne avsnitt blir ikkje sjekka; hent heile historikken (i CI: fetch-depth: 0)")
            return
        for loaded in self.modules:
            module = loaded.module
            since = version_set(self._root, loaded.file, loaded.document.line_of(("version",)), self.config.time_zone)
            if since is None:
                continue
            then = texts_at(self._root.resolve(), since.commit, guideline.config.source_dir)
            minor, major = next_versions(module.version)
            for found in changed_citations(module, then, guideline.guideline):
                section = found.section
                log.warning(
                    f"{loaded.file}:{loaded.document.line_of(found.path)}: spørsmålet «{found.question_id}» viser til {section.label} «{section.title}», "
                    f"som er skriven om sidan modulen fekk versjon {module.version} ({norwegian_date(since.date)}; skilnaden: git diff {since.commit[:10]} -- {section.file}). "
                    f"Sjå over spørsmålet og fasiten mot teksten no, og set så version: \"{minor}\", eller \"{major}\" om alle må ta modulen på nytt"
                )

    def _check_names_and_roles(self) -> list[ContentError]:
        errors = []
        for loaded in self.modules:
            if loaded.module.id in RESERVED_IDS:
                errors.append(loaded.document.error(("id",), f"«{loaded.module.id}» er namnet på ei side som bygget lagar sjølv; vel ein annan modul-id"))
            for index, role in enumerate(loaded.module.target_roles):
                if self.role_names is not None and role not in self.role_names:
                    known = ", ".join(sorted(self.role_names)) or "ingen"
                    errors.append(loaded.document.error(("target_roles", index), f"rolla «{role}» finst ikkje i roles/; kjende roller er {known}.{did_you_mean(role, self.role_names)}"))
        return errors

    def _expand_nav(self, config: MkDocsConfig) -> None:
        """Replace the nav entry `<prefix>/index.md` with the overview, the modules and "Mine kurs"."""
        index = self._src_uri("index")
        pages = [index, *(self._src_uri(m.module.id) for m in self.modules), {"Mine kurs": self._src_uri("mine-kurs")}]

        if not expand_nav(config.nav, index, pages):
            log.warning(f"mkdocs.yml: nav manglar oppføringa for opplæringa; legg til «- Opplæring: {index}» der ho skal stå i menyen")

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        pages: dict[str, tuple[Module | str, str]] = {
            self._src_uri("index"): ("overview", _page("Opplæring", "overview", "Opplæringa om koordinatorordninga er delt i modular. Ta dei modulane som gjeld rolla di.")),
            self._src_uri("mine-kurs"): ("mine-kurs", _page("Mine kurs", "mine-kurs", "Her ser du kva modular du har teke, og om dei framleis er gyldige.")),
        }
        for loaded in self.modules:
            module = loaded.module
            pages[self._src_uri(module.id)] = (module, _page(module.title, "module", module.introduction))
        self._pages = {}
        for src_uri, (what, content) in pages.items():
            self._add(files, config, src_uri, content)
            self._pages[src_uri] = what
        # Not in the menu: learners do not need it. Where the tracker scores, the site publishes no answer key at
        # all: approvers read it in the editors' preview, which scores in the browser.
        if self.config.scoring == "browser":
            for loaded in self.modules:
                self._add(files, config, self._src_uri(f"{loaded.module.id}/fasit"), answer_key_markdown(loaded.module), InclusionLevel.NOT_IN_NAV)
        self._files = files
        self._env = config.theme.get_env()
        return files

    @staticmethod
    def _add(files: Files, config: MkDocsConfig, src_uri: str, content: str, inclusion=InclusionLevel.UNDEFINED) -> None:
        if files.get_file_from_path(src_uri) is not None:
            raise PluginError(f"docs/{src_uri} har same adresse som ei side i opplæringa; flytt fila i docs/ eller gje henne eit anna namn")
        files.append(File.generated(config, src_uri, content=content, inclusion=inclusion))

    # Renders the quiz into the page content, where the guideline's URLs are known relative to the page.
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled or page.file.src_uri not in self._pages:
            return None
        what = self._pages[page.file.src_uri]
        modules = [self._summary(m.module, page, files) for m in self.modules]
        courses = get_relative_url(files.get_file_from_path(self._src_uri("mine-kurs")).url, page.url)
        context = {
            "modules": modules, "catalogue": _json_for_script({"modules": modules, "timeZone": self.config.time_zone}), "courses_url": courses,
            "organisation": self.config.organisation,
            # The tracker answers under /api/v1/ on the same origin, when there is one.
            "api_url": get_relative_url("api/v1/", page.url),
        }
        if isinstance(what, Module):
            template = "fragments/quiz/module.html"
            numbers = iter(range(1, 10_000))
            items = [self._item(item, numbers) for item in what.questions]
            feedback = self._feedback(what, page.url) if self.config.scoring == "browser" else None
            context.update(module=what, roles=self._role_names(what), items=items, data=self._module_data(what, feedback),
                           changed=self._changed_sections(what, page, files))
        else:
            template = f"fragments/quiz/{what}.html"
        rendered = self._env.get_template(template).render(**context)
        return html.replace(PLACEHOLDER, rendered)

    def _changed_sections(self, module: Module, page: Page, files: Files) -> dict | None:
        """The sections this module cites that changed since the approved guideline version, for a notice to learners."""
        guideline = self.guideline_plugin
        changed = changed_ids(guideline.changes)
        cited = dict.fromkeys(ref for question, _ in module.all_questions() for ref in question.refs if ref in changed)
        if not cited:
            return None
        sections = [guideline.guideline.section(ref) for ref in cited]
        changes_page = files.get_file_from_path(guideline.src_uri_of_page("kva-er-endra"))
        return {
            "version": guideline.archive[-1].version,
            "sections": [{"label": f"{s.label} {s.title}", "url": guideline.url(s, page, files)} for s in sections],
            "url": get_relative_url(changes_page.url, page.url),
        }

    # Writes the manifest after the build, outside the public site folder, for the tracker.
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        path = (self._root / self.config.manifest).resolve()
        site = Path(config.site_dir).resolve()
        if path.is_relative_to(site):
            raise PluginError(f"mkdocs.yml: manifest ({self.config.manifest}) ligg i den offentlege site-mappa; fasiten må liggje utanfor, til dømes var/manifest.json")
        meta = self.guideline_plugin.guideline.metadata
        modules = [m.module for m in self.modules]
        feedback = {module.id: self._feedback(module, self._files.get_file_from_path(self._src_uri(module.id)).url) for module in modules}
        data = manifest(modules, meta.document_id, meta.version, time_zone=self.config.time_zone, roles=self.role_names, feedback=feedback)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        self._write_scorm(Path(config.site_dir), config)

    def _write_scorm(self, site: Path, config: MkDocsConfig) -> None:
        """One SCORM 1.2 package per module, from the files this build has just written to the site."""
        target = self._root / self.config.scorm_dir
        for old in target.glob("*.zip"):  # packages of modules that no longer exist must not linger
            old.unlink()
        assets: dict[str, bytes] = {}
        for pattern in ["assets/stylesheets/main.*.min.css", "assets/stylesheets/palette.*.min.css", "assets/stylesheets/site.css",
                        "assets/stylesheets/quiz.css", "assets/javascripts/quiz/*.js", "assets/javascripts/dates.js"]:
            for path in sorted(site.glob(pattern)):
                # The source map is not in the package, so the comment that points to it goes too.
                assets[path.relative_to(site).as_posix()] = _SOURCE_MAP.sub(b"", path.read_bytes())
        stylesheets = [name for name in assets if name.endswith(".css")]
        template = self._env.get_template("fragments/quiz/scorm.html")
        for loaded in self.modules:
            module = loaded.module
            quiz = self._env.get_template("fragments/quiz/module.html").render(
                module=module, roles=self._role_names(module), data=self._module_data(module, self._feedback(module, None)),
                api_url=None, courses_url=None, items=[self._item(item, iter(range(1, 10_000))) for item in module.questions],
            )
            page = template.render(module=module, quiz=quiz, introduction=self._html(module.introduction), stylesheets=stylesheets,
                                   language=config.theme["language"])
            write_package(target, module, {"index.html": page.encode(), **assets})

    def _item(self, item, numbers) -> dict:
        if isinstance(item, Case):
            return {
                "id": item.id, "type": "case", "title": item.title, "story": self._html(item.story),
                "questions": [self._question(q, next(numbers)) for q in item.questions],
            }
        return self._question(item, next(numbers))

    def _question(self, question, number: int) -> dict:
        """What the template shows of a question: nothing that gives the answer away."""
        return {
            "id": question.id,
            "number": number,
            "multiple": question.type == "multiple",
            # Sant comes before Usant in every attempt.
            "keep_order": question.type == "true_false",
            "text": self._html(question.text, inline=True),
            "options": [{"id": o.id, "text": self._html(o.text, inline=True)} for o in question.choices()],
        }

    def _feedback(self, module: Module, page_url: str | None) -> dict[str, dict]:
        """What a learner is shown for each question after an attempt: the right options, the explanation, and the
        cited sections, linked from the module page at `page_url` (named only, where None: a SCORM package)."""
        guideline = self.guideline_plugin
        feedback = {}
        for question, _case in module.all_questions():
            sections = [guideline.guideline.section(ref) for ref in question.refs]
            feedback[question.id] = {
                "right": question.correct_ids(),
                "explanation": self._html(question.explanation),
                "sections": [{"label": f"{s.label} {s.title}", "url": page_url and guideline.url_from(page_url, s, self._files)} for s in sections],
            }
        return feedback

    def _module_data(self, module: Module, feedback: dict | None) -> str:
        """What the browser needs to draw and record an attempt, and to score it when `feedback` (the answer key with
        the explanations) is given; without it, the tracker scores and sends the feedback."""
        data = {
            "id": module.id, "title": module.title, "version": module.version, "passMark": module.pass_mark,
            "draw": module.draw or len(module.questions), "shuffle": module.shuffle, "validityMonths": module.validity_months,
            **({"feedback": feedback} if feedback else {}),
        }
        return _json_for_script(data)

    def _summary(self, module: Module, page: Page, files: Files) -> dict:
        """What the overview and "Mine kurs" show of a module; also read by their script."""
        return {
            "id": module.id, "title": module.title, "version": module.version, "validityMonths": module.validity_months,
            "minutes": module.minutes, "roles": self._role_names(module),
            "url": get_relative_url(files.get_file_from_path(self._src_uri(module.id)).url, page.url),
        }

    def _role_names(self, module: Module) -> list[str]:
        return [self.role_names[role] for role in module.target_roles]

    def _html(self, text: str, inline: bool = False) -> str:
        return self._snippets.html(text, inline)

    def src_uri_of(self, module_id: str) -> str:
        """The page a module is published on, as a path in the docs folder."""
        return self._src_uri(module_id)

    def _src_uri(self, name: str) -> str:
        return f"{self.config.url_prefix}/{name}.md"


def _page(title: str, kind: str, introduction: str) -> str:
    front = json.dumps({"title": title, "quiz": kind}, ensure_ascii=False)
    # JSON is YAML, so the front matter needs no escaping of its own.
    return f"---\n{front}\n---\n\n# {title}\n\n{introduction}\n\n{PLACEHOLDER}\n"


def _json_for_script(data: dict) -> str:
    """JSON that is safe inside <script type="application/json">: no "</" can end the element early."""
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
