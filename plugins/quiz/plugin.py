"""koord/quiz: publishes the training modules from the site's content: one page per module, an overview and
«Mine kurs» under the training address, and, after the build, the manifest for the tracker and one SCORM package per
module. What the pages show is worked out in content.training.views."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from content.addresses import ANSWER_KEY, TRAINING_PAGES, relative_url
from content.site import read_confirmation_roles
from content.training.answer_key import answer_key_markdown
from content.training.manifest import manifest
from content.training.model import Module
from content.training.scorm import shared_files, write_package
from content.training.views import Training, json_for_script
from plugins.nav import expand_nav
from plugins.quiz.config import QuizConfig
from plugins.site import fragments, site_of
from plugins.snippets import Snippets

log = get_plugin_logger(__name__)
PLACEHOLDER = "<!-- koord-quiz -->"
NAME = "koord/quiz"
_SOURCE_MAP = re.compile(rb"\n?/\*# sourceMappingURL=[^*]*\*/\s*$")
# What a SCORM package carries of the built site, besides its own page (courses.js, which it carries with the rest of
# quiz/, names the read confirmation's module).
SCORM_ASSETS = [
    "assets/stylesheets/main.*.min.css",
    "assets/stylesheets/palette.*.min.css",
    "assets/stylesheets/site.css",
    "assets/stylesheets/quiz.css",
    "assets/javascripts/quiz/*.js",
    "assets/javascripts/dates.js",
    "assets/javascripts/words.js",
    "assets/javascripts/reading/confirmations.js",
]


class QuizPlugin(BasePlugin[QuizConfig]):
    def __init__(self) -> None:
        self.training: Training | None = None
        self._pages: dict[str, Module | str] = {}  # src_uri -> module, or "overview" / "mine-kurs"
        self._feedback: dict[str, dict] = {}  # module id -> feedback linked from its page, worked out once

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        site = site_of(config, NAME)
        addresses = site.addresses
        index = addresses.training_page("index")
        pages = [
            index,
            *(addresses.training_page(m.module.id) for m in site.modules),
            *({title: addresses.training_page(name)} for name, title in TRAINING_PAGES.items() if title),
        ]
        if not expand_nav(config.nav, index, pages):
            log.warning(
                f"mkdocs.yml: nav manglar oppføringa for opplæringa; legg til «- Opplæring: {index}» der ho skal stå i menyen"
            )
        # One renderer per build: the site page, the manifest and the SCORM package render the same texts.
        snippets = Snippets(config)
        self.training = Training(site, snippets.html)
        self._feedback = {}
        return config

    def _loaded(self) -> Training:
        """The training this build publishes, which on_config makes."""
        assert self.training is not None, "MkDocs runs on_config before every other event"
        return self.training

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        site = self._loaded().site
        page = site.addresses.training_page
        # The overview and «Mine kurs» are the site's own pages, all in its words (content/interface.yml).
        standard = site.written_standard
        word = lambda word_id: site.own_words.word(word_id, standard)  # noqa: E731
        pages: dict[str, tuple[Module | str, str]] = {
            page("index"): (
                "overview",
                _page(word("training.overview-title"), "overview", word("training.overview-intro"), standard),
            ),
            page("mine-kurs"): (
                "mine-kurs",
                _page(word("training.courses-title"), "mine-kurs", word("training.courses-intro"), standard),
            ),
        }
        for loaded in site.modules:
            module = loaded.module
            pages[page(module.id)] = (module, _page(module.title, "module", module.introduction))
        self._pages = {}
        for src_uri, (what, content) in pages.items():
            files.append(File.generated(config, src_uri, content=content))
            self._pages[src_uri] = what
        # Not in the menu: learners do not need it. Where the tracker scores, the site publishes no answer key at
        # all: approvers read it in the editors' preview, which scores in the browser.
        if self.config.scoring == "browser":
            for loaded in site.modules:
                src_uri = page(f"{loaded.module.id}/{ANSWER_KEY}")
                if files.get_file_from_path(src_uri) is not None:
                    raise PluginError(
                        f"docs/{src_uri} har same adresse som ei side i opplæringa; flytt fila i docs/ eller gje henne eit anna namn"
                    )
                files.append(
                    File.generated(
                        config, src_uri, content=answer_key_markdown(loaded.module), inclusion=InclusionLevel.NOT_IN_NAV
                    )
                )
        return files

    def feedback(self, module: Module) -> dict:
        if module.id not in self._feedback:
            self._feedback[module.id] = self._loaded().feedback(module)
        return self._feedback[module.id]

    # Renders the quiz into the page content, where the guideline's URLs are known relative to the page; after
    # Material's search has read the page (priority 0), since the quiz is a form, not text to find. Its root says so
    # (data-search-exclude), but Material's parser stops leaving a block out at the first element of the same tag
    # that closes inside it, and indexed every question and wrong answer; the form was also most of what it parsed.
    @event_priority(-100)
    def on_page_context(self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav) -> TemplateContext:
        if self.config.enabled and page.file.src_uri in self._pages and page.content is not None:
            page.content = page.content.replace(PLACEHOLDER, self._quiz(page, config))
        return context

    def _quiz(self, page: Page, config: MkDocsConfig) -> str:
        training, what = self._loaded(), self._pages[page.file.src_uri]
        modules = training.summaries(page.url)
        guideline = _guideline(training.site, page.url)
        context: dict[str, Any] = {  # for the template
            "modules": modules,
            "guideline": guideline,
            "catalogue": json_for_script(
                {"modules": modules, "timeZone": training.site.time_zone, "guideline": guideline}
            ),
            "courses_url": relative_url(
                training.site.addresses.url(training.site.addresses.training_page("mine-kurs")), page.url
            ),
            # The trust named on learners' receipts: its edition's name; none in the regional text.
            "organisation": training.site.edition.edition.name if training.site.edition else "",
            # The tracker answers under /api/v1/ on the same origin, when there is one.
            "api_url": relative_url("api/v1/", page.url),
        }
        if isinstance(what, Module):
            template = "fragments/quiz/module.html"
            feedback = self.feedback(what) if self.config.scoring == "browser" else None
            context.update(
                module=what,
                roles=training.roles(what),
                items=training.items(what),
                data=training.module_data(what, feedback),
                changed=training.changed_sections(what),
            )
        else:
            template = f"fragments/quiz/{what}.html"
        return fragments(config).get_template(template).render(**context)

    # Writes the manifest after the build, outside the public site folder, for the tracker.
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        site = self._loaded().site
        root = site.settings.root
        path = (root / self.config.manifest).resolve()
        if path.is_relative_to(Path(config.site_dir).resolve()):
            raise PluginError(
                f"mkdocs.yml: manifest ({self.config.manifest}) ligg i den offentlege site-mappa; fasiten må liggje utanfor, til dømes var/manifest.json"
            )
        assert site.guideline is not None, "every question cites the guideline, so there is no training without one"
        meta = site.guideline.metadata
        modules = [m.module for m in site.modules]
        feedback = {module.id: self.feedback(module) for module in modules}
        edition = {"id": site.edition.id, "name": site.edition.edition.name} if site.edition else None
        data = manifest(
            modules,
            meta.document_id,
            meta.version,
            time_zone=site.time_zone,
            roles=site.role_names(),
            feedback=feedback,
            edition=edition,
            read_confirmation_roles=read_confirmation_roles(site),
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        # Not indented: json's C encoder does not indent, and the Python one took a tenth of a second at 10x content
        # for a file that the tracker reads (`python -m json.tool` shows it to a person).
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        if self.config.scorm_dir:
            self._write_scorm(Path(config.site_dir), config)

    def _write_scorm(self, site_dir: Path, config: MkDocsConfig) -> None:
        """One SCORM 1.2 package per module, from the files this build has just written to the site."""
        training = self._loaded()
        target = training.site.settings.root / self.config.scorm_dir
        for old in target.glob("*.zip"):  # packages of modules that no longer exist must not linger
            old.unlink()
        assets: dict[str, bytes] = {}
        for pattern in SCORM_ASSETS:
            for path in sorted(site_dir.glob(pattern)):
                # The source map is not in the package, so the comment that points to it goes too.
                assets[path.relative_to(site_dir).as_posix()] = _SOURCE_MAP.sub(b"", path.read_bytes())
        stylesheets = [name for name in assets if name.endswith(".css")]
        shared = shared_files(assets)
        env = fragments(config)
        for loaded in training.site.modules:
            module = loaded.module
            quiz = env.get_template("fragments/quiz/module.html").render(
                module=module,
                roles=training.roles(module),
                data=training.module_data(module, training.feedback(module, linked=False)),
                api_url=None,
                courses_url=None,
                items=training.items(module),
            )
            page = env.get_template("fragments/quiz/scorm.html").render(
                module=module,
                quiz=quiz,
                introduction=training.render(module.introduction, False),
                stylesheets=stylesheets,
                language=config.theme["language"],
            )
            write_package(
                target,
                module,
                page.encode(),
                shared,
                organisation=training.site.edition.edition.name if training.site.edition else None,
            )


def _guideline(site, from_url: str) -> dict | None:
    """The guideline version in force, whose read confirmation «Mine kurs» shows next to the modules."""
    if site.guideline is None:
        return None
    addresses = site.addresses
    return {
        "version": site.guideline.metadata.version,
        "title": site.guideline.metadata.title,
        "url": relative_url(addresses.url(addresses.guideline_page("index")), from_url),
    }


def _page(title: str, kind: str, introduction: str, lang: str | None = None) -> str:
    front = json.dumps({"title": title, "quiz": kind, **({"lang": lang} if lang else {})}, ensure_ascii=False)
    # JSON is YAML, so the front matter needs no escaping of its own.
    return f"---\n{front}\n---\n\n# {title}\n\n{introduction}\n\n{PLACEHOLDER}\n"
