"""The build manifest: the only contract between the build and the tracker. It holds what the tracker needs
to check and score an attempt itself (module versions, question and option ids, the answer keys), and the
feedback it sends back to the learner (explanations and cited sections)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from content.training.model import Case, Module

FORMAT = 1


def manifest(
    modules: list[Module],
    guideline_id: str,
    guideline_version: str,
    *,
    time_zone: str,
    roles: dict[str, str] | None = None,
    feedback: dict[str, dict[str, dict]] | None = None,
    edition: dict[str, str] | None = None,
    read_confirmation_roles: list[str] | None = None,
) -> dict[str, Any]:
    """`roles` (id -> name) are the role ids the tracker accepts in a roster; `time_zone` is the site's;
    `feedback` (module id -> question id -> explanation and cited sections, as HTML for the module page) is what
    the tracker sends back to the learner after scoring; `edition` (id and name) is the trust's edition the site
    was built as, None for the regional text: a tracker set up for one trust refuses another's manifest."""
    return {
        "format": FORMAT,
        "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "time_zone": time_zone,
        "edition": edition,
        # The version in force, and the roles that must confirm having read it (a new major version asks again).
        "guideline": {
            "document_id": guideline_id,
            "version": guideline_version,
            "read_confirmation_roles": list(read_confirmation_roles or []),
        },
        "roles": dict(roles or {}),
        "modules": [_module(module, (feedback or {}).get(module.id, {})) for module in modules],
    }


def _module(module: Module, feedback: dict[str, dict]) -> dict[str, Any]:
    return {
        "id": module.id,
        "title": module.title,
        "version": module.version,
        "target_roles": list(module.target_roles),
        "minutes": module.minutes,
        "pass_mark": module.pass_mark,
        "draw": sum(module.drawn()),
        # Every attempt draws this many standalone questions and this many cases (each case answered whole).
        "draw_questions": module.drawn()[0],
        "draw_cases": module.drawn()[1],
        # After a failed attempt the learner sees which questions were wrong, and the right options and explanations
        # only with review «alltid».
        "review": module.review,
        "validity_months": module.validity_months,
        "items": [
            {
                "id": item.id,
                "case": isinstance(item, Case),
                "questions": [q.id for q in item.questions] if isinstance(item, Case) else [item.id],
            }
            for item in module.questions
        ],
        "questions": {
            question.id: {
                "type": question.type,
                "options": [option.id for option in question.choices()],
                "correct": question.correct_ids(),
                "refs": list(question.refs),
                "explanation": feedback.get(question.id, {}).get("explanation", ""),
                "sections": feedback.get(question.id, {}).get("sections", []),
            }
            for question, _case in module.all_questions()
        },
    }
