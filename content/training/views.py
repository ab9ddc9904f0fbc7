"""What the training pages show, as plain data for their templates, and the feedback a learner gets after an
attempt. Functions over the site's content, so that they can be tested without a build; `Render` turns a text an
editor wrote (Markdown) into HTML with the site's own Markdown settings."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from content.addresses import relative_url
from content.guideline.changes import changed_ids
from content.site import Site
from content.training.model import Case, Module

# (Markdown, inline) -> HTML; inline leaves out the <p> of a single paragraph, for a label or a legend.
Render = Callable[[str, bool], str]


@dataclass(frozen=True)
class Training:
    """The training part of one build: the site's modules with what their pages and the manifest share, worked
    out once: each module's feedback (linked from its page) and its page's address."""

    site: Site
    render: Render

    def page_url(self, module: Module) -> str:
        addresses = self.site.addresses
        return addresses.url(addresses.training_page(module.id))

    def feedback(self, module: Module, linked: bool = True) -> dict[str, dict[str, Any]]:
        """What a learner is shown for each question after an attempt: the right options, the explanation, and the
        cited sections, linked from the module's page (named only, without `linked`: a SCORM package)."""
        guideline = self.site.guideline
        assert guideline is not None, "every question cites the guideline, so there is no training without one"
        page = self.page_url(module)
        result = {}
        for question, _case in module.all_questions():
            sections = [guideline.cited_section(ref) for ref in question.refs]
            result[question.id] = {
                "right": question.correct_ids(),
                "explanation": self.render(question.explanation, False),
                "sections": [
                    {
                        "label": f"{s.label} {s.title}",
                        "url": self.site.addresses.section_url(s, page) if linked else None,
                    }
                    for s in sections
                ],
            }
        return result

    def items(self, module: Module) -> list[dict]:
        """The module's questions as the form shows them: nothing that gives the answer away."""
        numbers = iter(range(1, 10_000))
        return [self._item(item, numbers) for item in module.questions]

    def _item(self, item, numbers) -> dict:
        if isinstance(item, Case):
            return {
                "id": item.id,
                "type": "case",
                "title": item.title,
                "story": self.render(item.story, False),
                "questions": [self._question(q, next(numbers)) for q in item.questions],
            }
        return self._question(item, next(numbers))

    def _question(self, question, number: int) -> dict:
        return {
            "id": question.id,
            "number": number,
            "multiple": question.type == "multiple",
            # Sant comes before Usant in every attempt.
            "keep_order": question.type == "true_false",
            "text": self.render(question.text, True),
            "options": [{"id": o.id, "text": self.render(o.text, True)} for o in question.choices()],
        }

    def module_data(self, module: Module, feedback: dict | None) -> str:
        """What the browser needs to draw and record an attempt, and to score it when `feedback` (the answer key with
        the explanations) is given; without it, the tracker scores and sends the feedback."""
        data = {
            "id": module.id,
            "title": module.title,
            "version": module.version,
            "passMark": module.pass_mark,
            "drawQuestions": module.drawn()[0],
            "drawCases": module.drawn()[1],
            "review": module.review,
            "shuffle": module.shuffle,
            "validityMonths": module.validity_months,
            **({"feedback": feedback} if feedback else {}),
        }
        return json_for_script(data)

    def summaries(self, from_url: str) -> list[dict]:
        """What the overview and «Mine kurs» show of each module; also read by their script."""
        names = self.site.role_names()
        return [
            {
                "id": m.id,
                "title": m.title,
                "version": m.version,
                "validityMonths": m.validity_months,
                "minutes": m.minutes,
                "roles": [names[r] for r in m.target_roles],
                "url": relative_url(self.page_url(m), from_url),
            }
            for m in (loaded.module for loaded in self.site.modules)
        ]

    def roles(self, module: Module) -> list[str]:
        names = self.site.role_names()
        return [names[role] for role in module.target_roles]

    def changed_sections(self, module: Module) -> dict | None:
        """The sections this module cites that changed since the approved guideline version, for a notice to learners."""
        site = self.site
        changed = changed_ids(site.changes)
        cited = dict.fromkeys(ref for question, _ in module.all_questions() for ref in question.refs if ref in changed)
        if not cited:
            return None
        guideline = site.guideline
        assert guideline is not None, "sections changed since an approved version of the guideline, which is loaded"
        page, addresses = self.page_url(module), site.addresses
        return {
            "version": site.archive[-1].version,
            "sections": [
                {"label": f"{s.label} {s.title}", "url": self.site.addresses.section_url(s, page)}
                for s in map(guideline.cited_section, cited)
            ],
            "url": relative_url(addresses.url(addresses.guideline_page("kva-er-endra")), page),
        }


def json_for_script(data: dict) -> str:
    """JSON that is safe inside <script type="application/json">: no "</" can end the element early."""
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
