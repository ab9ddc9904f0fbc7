"""The Markdown of the role pages and of the "who does what" matrix. Guideline references are written as the
`retningslinje:` shorthand, which the guideline plugin resolves and checks like any other page's."""

from __future__ import annotations

from collections.abc import Callable

from content.roles.loader import Roles
from content.roles.model import Role

PART = {"ansvar": "Ansvarleg", "medverkar": "Medverkar"}


def _refs(refs: list[str]) -> str:
    return ", ".join(f"[](retningslinje:{ref})" for ref in refs)


def role_markdown(role: Role, roles: Roles, module_link: Callable[[str], tuple[str, str]]) -> str:
    tasks = {task.id: task for task in roles.tasks}
    duties = "\n".join(
        f"- **{tasks[d.task].name}** ({PART[d.part].lower()}): {d.text} Sjå {_refs(d.refs)}."
        for d in role.responsibilities
    )
    authority = (
        "\n".join(f"- {item}" for item in role.authority) or "Rolla har inga eiga avgjerdsmynde etter retningslinja."
    )
    modules = (
        "\n".join(f"- [{title}]({link})" for title, link in map(module_link, role.modules))
        or "Det er ikkje føreslått nokon modul for denne rolla."
    )
    return (
        f"# {role.name}\n\n{role.summary}\n\n"
        f"## Kven har rolla\n\n{role.holders}\n\n"
        f"## Ansvar og oppgåver\n\n{duties}\n\n"
        f"## Mynde\n\n{authority}\n\n"
        # Who must take which module is a local choice (retningslinja, e-laeringskurs), not law.
        f"## Opplæring\n\nModular som er føreslåtte for rolla. Kven som må ta kva modul, avgjer helseføretaket.\n\n{modules}\n\n"
        "Sjå òg [kven som gjer kva](kven-gjer-kva.md) i heile ordninga.\n"
    )


def index_markdown(roles: Roles) -> str:
    items = "\n".join(f"- [{r.role.name}]({r.role.id}.md): {r.role.summary}" for r in roles.roles)
    return (
        "# Roller og ansvar\n\n"
        "Her er rollene i koordinatorordninga, kva kvar rolle har ansvar for, og kva opplæring som er føreslått for rolla. "
        "[Kven gjer kva](kven-gjer-kva.md) viser alle oppgåvene i ei tabell.\n\n"
        f"{items}\n"
    )


MATRIX_PLACEHOLDER = "<!-- koord-matrise -->"


def matrix_markdown() -> str:
    """The «who does what» page; the table itself is a template fragment (roller/matrise), filled from `matrix`."""
    return (
        # Without the table of contents beside it, the seven roles fit across a 1280 px screen.
        "---\nhide:\n  - toc\n---\n\n"
        "# Kven gjer kva\n\n"
        "Oppgåvene i koordinatorordninga i den rekkjefølgja dei kjem i arbeidet, og kva rolle som har ansvaret "
        "(ansvarleg) og kven som er med (medverkar).\n\n"
        f"{MATRIX_PLACEHOLDER}\n"
    )


def matrix(roles: Roles) -> list[dict]:
    """Tasks down, roles across: per task, its sections and, per role, «Ansvarleg», «Medverkar» or nothing."""
    rows = []
    for task in roles.tasks:
        parts = []
        for loaded in roles.roles:
            found = {d.part for d in loaded.role.responsibilities if d.task == task.id}
            parts.append(PART["ansvar"] if "ansvar" in found else PART["medverkar"] if found else "")
        rows.append({"name": task.name, "refs": list(task.refs), "parts": parts})
    return rows
