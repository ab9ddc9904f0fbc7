"""The approver's view of a module: every question with its options marked right or wrong in words, the
explanation and the sections it cites, on one page. The page is left out of the menu and the search index."""

from __future__ import annotations

import json

from content.training.model import Case, Module

_KIND = {"single": "eitt rett svar", "multiple": "fleire rette svar", "true_false": "sant eller usant"}


def answer_key_markdown(module: Module) -> str:
    front = json.dumps(
        {"title": f"Fasit: {module.title}", "search": {"exclude": True}, "readability": False}, ensure_ascii=False
    )
    parts = [
        f"---\n{front}\n---\n\n# Fasit: {module.title}\n\n"
        f"Versjon {module.version}. Krav for å bestå: {module.pass_mark} %. Gyldig i {module.validity_months} månader. "
        f"{len(module.questions)} spørsmål, av dei {module.situations()} situasjonar (case eller scenario).\n\n"
        '!!! note "For den som godkjenner modulen"\n'
        "    Sida viser alle spørsmål med rett svar, forklaring og avsnitta i retningslinja dei byggjer på. "
        "Ho står ikkje i menyen og blir ikkje funnen i søket.\n"
    ]
    number = 0
    for item in module.questions:
        if isinstance(item, Case):
            parts.append(f"## Case: {item.title} {{#{item.id}}}\n\n{item.story.strip()}")
            questions, level = item.questions, "###"
        else:
            questions, level = [item], "##"
        for question in questions:
            number += 1
            options = "\n".join(
                f"- {'**Rett:**' if o.correct else 'Gale:'} {o.text.strip()}" for o in question.choices()
            )
            refs = ", ".join(f"[](retningslinje:{ref})" for ref in question.refs)
            scenario = ", situasjon" if question.scenario else ""
            parts.append(
                f"{level} Spørsmål {number} ({_KIND[question.type]}{scenario}) {{#{question.id}}}\n\n{question.text.strip()}\n\n"
                f"{options}\n\n**Forklaring:** {question.explanation.strip()}\n\nByggjer på {refs}."
            )
    return "\n\n".join(parts) + "\n"
