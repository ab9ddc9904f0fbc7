"""koord/checklist: publishes the decision support «Treng pasienten koordinator?» from the site's content. The page
works by keyboard, sends and stores nothing, and prints as a list without JavaScript."""

from __future__ import annotations

import json

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from plugins.config import Enabled
from plugins.site import fragments, site_of
from plugins.snippets import Snippets

PLACEHOLDER = "<!-- koord-checklist -->"
NAME = "koord/checklist"
# One fieldset per part of the assessment, in the order a clinician goes through it.
GROUPS = [
    ("Vilkåra i lova: treng pasienten dette? Begge må vere oppfylte.", ("behov", "koordinering")),
    ("Teikn som hjelper deg å vurdere vilkåra (lokalt hjelpemiddel)", ("teikn",)),
    ("Ønske frå pasienten eller pårørande", ("onske",)),
]


class ChecklistPlugin(BasePlugin[Enabled]):
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        checklist = site_of(config, NAME).checklist
        if not self.config.enabled or checklist is None:
            return None
        front = json.dumps({"title": checklist.title, "checklist": True}, ensure_ascii=False)
        page = site_of(config, NAME).addresses.checklist
        files.append(
            File.generated(
                config,
                page,
                content=f"---\n{front}\n---\n\n# {checklist.title}\n\n{checklist.introduction}\n\n{PLACEHOLDER}\n",
            )
        )
        return files

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        site = site_of(config, NAME)
        if not self.config.enabled or site.checklist is None or page.file.src_uri != site.addresses.checklist:
            return None
        addresses, guideline = site.addresses, site.guideline
        assert guideline is not None, "every criterion cites the guideline, so there is no checklist without one"

        def refs(ids: list[str]) -> list[dict]:
            return [
                {"label": f"{s.label} {s.title}", "url": addresses.section_url(s, page.url)}
                for s in map(guideline.cited_section, ids)
            ]

        checklist = site.checklist
        groups = [
            {
                "legend": legend,
                "criteria": [
                    {"id": c.id, "part": c.part, "text": c.text, "help": c.help, "refs": refs(c.refs)}
                    for c in checklist.criteria
                    if c.part in parts
                ],
            }
            for legend, parts in GROUPS
        ]
        snippets = Snippets(config)
        rendered = (
            fragments(config)
            .get_template("fragments/checklist/checklist.html")
            .render(
                groups=[g for g in groups if g["criteria"]],
                suggestion=checklist.suggestion.model_dump(),
                steps=[
                    {"html": snippets.html(s.text, inline=True), "refs": refs(s.refs)} for s in checklist.next_steps
                ],
            )
        )
        return html.replace(PLACEHOLDER, rendered)
