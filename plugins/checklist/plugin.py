"""MkDocs adapter for the checklist: loads and checks the criteria against the guideline and renders the page.
The page works by keyboard, sends and stores nothing, and prints as a list without JavaScript."""

from __future__ import annotations

import json
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from plugins import report
from content.yamlfile import ContentError, ContentErrors, load_yaml, read_text, unknown_section, validate
from plugins.guideline.plugin import GuidelinePlugin
from plugins.snippets import Snippets
from plugins.checklist.config import ChecklistConfig
from content.checklist.model import Checklist

TEMPLATES = Path(__file__).parent / "templates"
PLACEHOLDER = "<!-- koord-checklist -->"
# One fieldset per part of the assessment, in the order a clinician goes through it.
GROUPS = [
    ("Vilkåra i lova: treng pasienten dette? Begge må vere oppfylte.", ("behov", "koordinering")),
    ("Teikn som hjelper deg å vurdere vilkåra (lokalt hjelpemiddel)", ("teikn",)),
    ("Ønske frå pasienten eller pårørande", ("onske",)),
]
# The suggestion needs both halves of the legal test and the wish to be possible to tick.
REQUIRED_PARTS = {"behov": "behov (komplekse eller langvarige tenester)", "koordinering": "koordinering (koordinerte tenester)", "onske": "onske (pasienten ber sjølv)"}


class ChecklistPlugin(BasePlugin[ChecklistConfig]):
    def __init__(self) -> None:
        self.checklist: Checklist | None = None
        self.guideline: GuidelinePlugin | None = None
        self._env: Environment | None = None
        self._snippets: Snippets | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        self.guideline = GuidelinePlugin.of(config, "koord/checklist")
        root = Path(config.config_file_path).parent
        name = self.config.source
        config.watch.append(str(root / name))
        if not (root / name).is_file():
            report.record(config, "sjekklista", [ContentError(name, None, "fila finst ikkje; opprett fila med kriteria for sjekklista")])
            return config
        try:
            document = load_yaml(read_text(root / name, name), name)
            self.checklist = validate(Checklist, document)
        except ContentErrors as exc:
            report.record(config, "sjekklista", exc.errors)
            return config
        section_ids = self.guideline.section_ids
        unknown = [
            document.error((part, index, "refs", number), unknown_section(ref, section_ids))
            for part, items in (("criteria", self.checklist.criteria), ("next_steps", self.checklist.next_steps))
            for index, item in enumerate(items)
            for number, ref in enumerate(item.refs)
            if section_ids is not None and ref not in section_ids
        ]
        parts = {c.part for c in self.checklist.criteria}
        unknown += [
            document.error(("criteria",), f"ingen kriterium har part: {part}; legg til eitt med {label}")
            for part, label in REQUIRED_PARTS.items() if part not in parts
        ]
        report.record(config, "sjekklista", unknown)
        config.theme.dirs.append(str(TEMPLATES))
        self._snippets = Snippets(config)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        report.stop_if_any(config)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        front = json.dumps({"title": self.checklist.title, "checklist": True}, ensure_ascii=False)
        files.append(File.generated(config, self.config.page, content=f"---\n{front}\n---\n\n# {self.checklist.title}\n\n{self.checklist.introduction}\n\n{PLACEHOLDER}\n"))
        self._env = config.theme.get_env()
        return files

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled or page.file.src_uri != self.config.page:
            return None

        def refs(ids: list[str]) -> list[dict]:
            sections = [self.guideline.guideline.section(i) for i in ids]
            return [{"label": f"{s.label} {s.title}", "url": self.guideline.url(s, page, files)} for s in sections]

        checklist = self.checklist
        groups = [
            {"legend": legend, "criteria": [
                {"id": c.id, "part": c.part, "text": c.text, "help": c.help, "refs": refs(c.refs)}
                for c in checklist.criteria if c.part in parts
            ]}
            for legend, parts in GROUPS
        ]
        rendered = self._env.get_template("fragments/checklist/checklist.html").render(
            groups=[g for g in groups if g["criteria"]],
            suggestion=checklist.suggestion.model_dump(),
            steps=[{"html": self._snippets.html(s.text, inline=True), "refs": refs(s.refs)} for s in checklist.next_steps],
        )
        return html.replace(PLACEHOLDER, rendered)
