"""The Markdown of the pages the guideline becomes: numbered chapters, the guideline's front page,
the change log and the print view. Shorthand references are left in; each page resolves them.

HTML is never written here: where a page needs some, `fragment(name, **context)` renders the template fragment
`fragments/<name>.html`, which a site can override (the MkDocs adapter renders them with the theme)."""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Protocol

import yaml

from content.dates import norwegian_date
from content.guideline.boxes import OpenPoint
from content.guideline.changes import SectionChange, word_diff
from content.guideline.model import Chapter, Guideline


class Fragment(Protocol):
    def __call__(self, name: str, **context) -> str: ...


# Per kind: the list's heading and its column's heading.
_LISTS = {
    "lokalt-val": ("Lokale val som må avgjerast", "Lokalt val"),
    "ke-sjekk": ("Punkt KE må kontrollere mot lova", "Kva KE må kontrollere"),
}


def chapter_markdown(chapter: Chapter, fragment: Fragment, shift: int = 0) -> str:
    """The chapter with its title as a numbered heading and every section heading numbered.

    `shift` moves all headings down, so that chapters can sit under one title in the print view.
    """
    heading = chapter.heading
    lines = chapter.body.split("\n")
    old_ids: dict[str, list[str]] = {}
    for old, current in chapter.aliases.items():
        old_ids.setdefault(current, []).append(old)
    for index, section in chapter.heading_lines.items():
        # An old id stays an anchor just above its section, so that a link saved before the rename lands there.
        anchors = "".join(fragment("retningslinje/alias", id=old) + "\n\n" for old in old_ids.get(section.id, []))
        lines[index] = f"{anchors}{'#' * (section.level + shift)} {section.label} {section.title} {{#{section.id}}}"
    title = f"{'#' * (1 + shift)} {heading.label} {heading.title} {{#{heading.id}}}"
    # Staff search for the guideline first: its sections outrank pages that only mention the same words.
    front = "" if shift else _front_matter(search={"boost": 2})
    return f"{front}{title}\n\n" + "\n".join(lines)


def index_markdown(guideline: Guideline, page_of: Callable[[Chapter], str]) -> str:
    """The guideline's own front page: the chapters in order, with their summaries."""
    meta = guideline.metadata
    items = []
    for chapter in guideline.chapters:
        summary = f"  \n    {chapter.summary}" if chapter.summary else ""
        items.append(f"{chapter.heading.label}. [{chapter.heading.title}]({page_of(chapter)}){summary}")
    chapters = "\n".join(items)
    return (
        f"{_front_matter(title=meta.title)}"
        f"# {meta.title}\n\n"
        "## Kapittel\n\n"
        f"{chapters}\n\n"
        "## Meir om dokumentet\n\n"
        "- [Endringslogg](endringslogg.md): kva som er endra i kvar versjon.\n"
        "- [Utskriftsversjon](utskrift.md): heile retningslinja på éi side, til utskrift eller PDF.\n"
        "- [Lokale val og opne punkt](lokale-val.md): det helseføretaket og KE må avgjere eller kontrollere før godkjenning.\n"
        "- [Kva er endra](kva-er-endra.md): avsnitt som er nye, fjerna, flytta eller endra sidan sist godkjende versjon.\n"
    )


def open_points_markdown(
    guideline: Guideline,
    elsewhere: list[tuple[OpenPoint, str]],
    trust: str | None = None,
    filled: Collection[str] = (),
    languages: dict[str, str] | None = None,
) -> str:
    """The approvers' list: every local choice with its id, where it stands and, in a trust's edition, whether the
    trust has filled it; then the points KE must check against the law (they stop the region's approval). A box's
    title from a page in the other written standard (`languages`: file -> its standard) is marked as such."""
    languages = languages or {}

    def title(point: OpenPoint) -> str:
        cell = _table_cell(point.title)
        return f'<span lang="{languages[point.file]}">{cell}</span>' if point.file in languages else cell

    choices = [p for p in guideline.open_points if p.kind == "lokalt-val"]
    checks = [p for p in guideline.open_points if p.kind == "ke-sjekk"]
    elsewhere_choices = [(p, link) for p, link in elsewhere if p.kind == "lokalt-val"]
    elsewhere_checks = [(p, link) for p, link in elsewhere if p.kind == "ke-sjekk"]

    def state(point: OpenPoint) -> str:
        return "fylt ut" if point.choice_id in filled else "**ikkje avgjort**"

    column = f" | I {_table_cell(trust)}" if trust else ""
    rule = " --- |" if trust else ""
    rows = [
        f"| `{p.choice_id}` | [](retningslinje:{p.section_id}) | {_table_cell(p.title)} | `{p.file}:{p.line}`{' | ' + state(p) if trust else ''} |"
        for p in choices
    ]
    rows += [
        f"| `{p.choice_id}` | [{_table_cell(p.file)}]({link}) | {title(p)} | `{p.file}:{p.line}`{' | ' + state(p) if trust else ''} |"
        for p, link in elsewhere_choices
    ]
    table = (
        f"| Id | Stad | Lokalt val | Kjeldefil{column} |\n| --- | --- | --- | --- |{rule}\n" + "\n".join(rows)
        if rows
        else "Ingen."
    )
    parts = [f"## {_LISTS['lokalt-val'][0]} ({len(choices) + len(elsewhere_choices)})\n\n{table}"]
    check_rows = [
        f"| [](retningslinje:{p.section_id}) | {_table_cell(p.title)} | `{p.file}:{p.line}` |" for p in checks
    ]
    check_rows += [
        f"| [{_table_cell(p.file)}]({link}) | {title(p)} | `{p.file}:{p.line}` |" for p, link in elsewhere_checks
    ]
    check_table = (
        f"| Stad | {_LISTS['ke-sjekk'][1]} | Kjeldefil |\n| --- | --- | --- |\n" + "\n".join(check_rows)
        if check_rows
        else "Ingen."
    )
    parts.append(f"## {_LISTS['ke-sjekk'][0]} ({len(checks) + len(elsewhere_checks)})\n\n{check_table}")
    if trust:
        missing = sum(1 for p in choices if p.choice_id not in filled) + sum(
            1 for p, _ in elsewhere_choices if p.choice_id not in filled
        )
        status = (
            f"{trust} har fylt ut alle dei lokale vala."
            if not missing
            else f"{trust} har ikkje avgjort {missing} av dei lokale vala enno. Så lenge eitt står att, kan utgåva ikkje få status «godkjend»."
        )
    else:
        status = (
            "Kvart helseføretak fyller ut dei lokale vala i si eiga utgåve (editions/), etter id-en. Dei stoppar ikkje "
            "godkjenninga av den regionale teksten; det gjer punkta KE må kontrollere mot lova."
        )
    return (
        f"{_front_matter(title='Lokale val og opne punkt', search={'exclude': True}, readability=False)}"
        "# Lokale val og opne punkt\n\n"
        "Sida samlar boksane «Lokalt val» og «Må kontrollerast av KE» frå kapitla og sidene.\n\n"
        f"{status}\n\n" + "\n\n".join(parts) + "\n"
    )


def changelog_markdown(guideline: Guideline) -> str:
    meta = guideline.metadata
    rows = "\n".join(
        f"| {entry.version}{' (gjeldande)' if entry.version == meta.version else ''} "
        f"| {norwegian_date(entry.date)} | {_table_cell(entry.summary)} |"
        for entry in meta.changelog
    )
    return (
        f"{_front_matter(title='Endringslogg')}"
        "# Endringslogg\n\n"
        f"Endringar i «{meta.title}», nyaste versjon først.\n\n"
        "| Versjon | Dato | Kva er endra |\n"
        "| --- | --- | --- |\n"
        f"{rows}\n"
    )


def print_markdown(guideline: Guideline, fragment: Fragment) -> str:
    """The whole guideline on one page: title, contents, then every chapter one level down."""
    meta = guideline.metadata
    chapters = "\n\n".join(chapter_markdown(chapter, fragment, shift=1) for chapter in guideline.chapters)
    contents = [{"label": c.heading.label, "title": c.heading.title, "id": c.id} for c in guideline.chapters]
    return (
        # The chapters are already in the search index and the readability report on their own pages.
        f"{_front_matter(title=f'{meta.title} (utskrift)', search={'exclude': True}, readability=False)}"
        f"# {meta.title}\n\n"
        f"{fragment('retningslinje/utskrift', contents=contents, chapters=chapters)}\n"
    )


def _front_matter(**values) -> str:
    return f"---\n{yaml.safe_dump(values, allow_unicode=True, sort_keys=False)}---\n\n"


def _table_cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


_CHANGE_HEADINGS = {
    "added": "Nye avsnitt",
    "removed": "Fjerna avsnitt",
    "moved": "Flytta avsnitt",
    "changed": "Endra avsnitt",
}


def changes_markdown(
    since: str | None,
    changes: list[SectionChange],
    questions: list[tuple[str, str, str]],
    fragment: Fragment,
    local: tuple[str, str, list[tuple[str, str, str, str]]] | None = None,
) -> str:
    """«Kva er endra»: the sections added, removed, moved and changed since the approved version `since`
    (a sentence naming it), with the word differences, and the questions that cite a changed section
    (module title, question id, section id)."""
    front = f"{_front_matter(title='Kva er endra', search={'exclude': True}, readability=False)}# Kva er endra\n\n"
    if since is None:
        return (
            front + "Retningslinja har ikkje vore godkjend enno, så det finst inga godkjend versjon å samanlikne med.\n"
        )
    counts = ", ".join(
        f"{sum(c.kind == kind for c in changes)} {heading.split()[0].lower()}"
        for kind, heading in _CHANGE_HEADINGS.items()
    )
    parts = [
        f"Endringar {since}. Avsnitta er samanlikna etter id-en sin, så eit avsnitt som berre har fått nytt nummer, er ikkje endra.\n\n"
        f"Avsnitt: {counts}."
    ]
    for kind, heading in _CHANGE_HEADINGS.items():
        chosen = [c for c in changes if c.kind == kind]
        if not chosen:
            continue
        parts.append(f"## {heading} ({len(chosen)})")
        if kind == "changed":
            parts += [
                f"### [](retningslinje:{c.section.id})\n\n{fragment('retningslinje/endring', words=c.words)}"
                for c in chosen
            ]
        elif kind == "removed":
            parts.append(
                "\n".join(f"- {c.before.label} {_table_cell(c.before.title)} (`{c.before.id}`)" for c in chosen)
            )
        elif kind == "moved":
            parts.append("\n".join(f"- [](retningslinje:{c.section.id}), før {c.before.label}" for c in chosen))
        else:
            parts.append("\n".join(f"- [](retningslinje:{c.section.id})" for c in chosen))
    if questions:
        rows = "\n".join(
            f"| {_table_cell(module)} | `{question}` | [](retningslinje:{section}) |"
            for module, question, section in questions
        )
        parts.append(
            f"## Spørsmål som bør sjåast over ({len(questions)})\n\nDesse spørsmåla viser til eit avsnitt som er endra. "
            "Sjå over at spørsmålet og forklaringa framleis stemmer; krev endringa at alle tek modulen på nytt, "
            "aukar du hovudversjonen hans.\n\n"
            f"| Modul | Spørsmål | Viser til |\n| --- | --- | --- |\n{rows}"
        )
    if local is not None:
        parts.append(_local_changes_markdown(*local, fragment))
    return front + "\n\n".join(parts) + "\n"


_LOCAL_KINDS = {"added": "ny", "removed": "teken bort", "changed": "endra"}


def _local_changes_markdown(
    trust: str, since: str, changes: list[tuple[str, str, str, str]], fragment: Fragment
) -> str:
    """The trust's own texts in the local choices, changed since its approved version (`since`)."""
    heading = f"## Lokale tekstar i {trust} ({len(changes)})\n\nEndringar i den lokale delen {since}."
    if not changes:
        return f"{heading} Ingen av dei lokale tekstane er endra."
    parts = [heading]
    for choice_id, kind, before, now in changes:
        words = word_diff(before, now)
        parts.append(f"### `{choice_id}` ({_LOCAL_KINDS[kind]})\n\n{fragment('retningslinje/endring', words=words)}")
    return "\n\n".join(parts)
