"""Read the guideline folder into a `Guideline`: metadata, chapters in the order the metadata gives,
numbered sections with stable ids. Every mistake is collected and raised together as ContentErrors."""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path

from content.addresses import GUIDELINE_PAGES
from content.errors import ContentError, ContentErrors, did_you_mean, section_hint
from content.guideline.boxes import OpenPoint, find_boxes
from content.guideline.model import Chapter, ChapterFrontMatter, Guideline, Metadata, Section
from content.guideline.references import find_references
from content.markdown import prose_lines
from content.memo import Memo, digest
from content.yamlfile import ID_PATTERN, ID_RULE, load_yaml, read_text, split_front_matter, validate

MAX_LEVEL = 4

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")
_ATTRIBUTES = re.compile(r"\{([^{}]*)\}$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_BLOCK_START = re.compile(r"^ {0,3}([-*+>|#]|\d+[.)]\s|$)")


def load_guideline(root: Path, source_dir: str = "guideline", metadata_file: str = "retningslinje.yml") -> Guideline:
    """Load and check the guideline under `root / source_dir`. File names in messages are relative to `root`."""
    folder = root / source_dir
    meta_name = f"{source_dir}/{metadata_file}"
    meta_path = folder / metadata_file
    if not meta_path.is_file():
        raise ContentErrors(
            [ContentError(meta_name, None, "fila med metadata for retningslinja finst ikkje; opprett ho")]
        )
    document = load_yaml(read_text(meta_path, meta_name), meta_name)
    try:
        metadata = validate(Metadata, document)
        errors = _check_metadata(metadata, document)
        names = metadata.chapters
    except ContentErrors as exc:
        # Still check the chapters, so that the editor sees every mistake in one build.
        metadata, errors = None, exc.errors
        names = [path.name for path in sorted(folder.glob("*.md"))]

    chapters: list[Chapter] = []
    listed = set()
    for index, name in enumerate(names):
        path = folder / name
        if name in listed:
            errors.append(
                document.error(("chapters", index), f"kapittelet «{name}» står to gonger i lista; ta bort det eine")
            )
            continue
        listed.add(name)
        if "/" in name or "\\" in name:
            errors.append(
                document.error(
                    ("chapters", index), f"«{name}»: skriv berre filnamnet; kapittelfilene ligg rett i {source_dir}/"
                )
            )
            continue
        if not name.endswith(".md") or not path.is_file():
            errors.append(
                document.error(("chapters", index), f"kapittelfila «{source_dir}/{name}» finst ikkje; sjekk namnet")
            )
            continue
        try:
            chapter_name = f"{source_dir}/{name}"
            text = read_text(path, chapter_name)
            number = len(chapters) + 1
            chapters.append(
                _PARSED.get((digest(text), chapter_name, number), parse_chapter, text, chapter_name, number)
            )
        except ContentErrors as exc:
            errors.extend(exc.errors)
    for path in sorted(folder.glob("*.md")):
        if metadata and path.name not in listed:
            errors.append(
                document.error(
                    ("chapters",),
                    f"kapittelfila «{source_dir}/{path.name}» er ikkje ført opp under chapters; legg henne til i lista eller ta henne bort",
                )
            )

    errors.extend(_check_unique_ids(chapters))
    errors.extend(_check_unique_choices(chapters))
    if metadata and metadata.status == "godkjend":
        errors.extend(_check_nothing_open(chapters, document))
    if errors:
        raise ContentErrors(errors)
    assert metadata is not None, "metadata that failed validation left its mistakes in errors"
    return Guideline(metadata, meta_name, chapters, document)


def _check_nothing_open(chapters: list[Chapter], document) -> list[ContentError]:
    """The region approves the shared text once KE has checked every point against the law. Local choices do not
    stop it: each trust makes them in its own edition, which is approved on its own (content/editions.py)."""
    points = [point for chapter in chapters for point in chapter.open_points if point.kind == "ke-sjekk"]
    if not points:
        return []
    listed = "; ".join(f"{p.file}:{p.line} «{p.title}»" for p in points)
    return [
        document.error(
            ("status",),
            (
                f"status er godkjend, men KE har ikkje kontrollert {len(points)} punkt mot lova: {listed}. "
                "Skriv det KE har kontrollert inn i teksten og ta bort boksen, eller set status: utkast"
            ),
        )
    ]


def _check_unique_choices(chapters: list[Chapter]) -> list[ContentError]:
    """A local choice is made once in the guideline: two boxes with one id would get the same text from every trust."""
    errors: list[ContentError] = []
    first: dict[str, str] = {}
    for point in (p for c in chapters for p in c.open_points):
        if not point.choice_id:
            continue
        if point.choice_id in first:
            errors.append(
                ContentError(
                    point.file,
                    point.line,
                    (
                        f"det lokale valet «{point.choice_id}» står før på {first[point.choice_id]}; gje denne boksen ein annan id, "
                        "eller vis til avsnittet der valet står"
                    ),
                )
            )
        first.setdefault(point.choice_id, f"{point.file}:{point.line}")
    return errors


def unknown_references(guideline: Guideline) -> list[ContentError]:
    """References between chapters to ids that do not exist: warnings, like links from other pages."""
    problems = []
    for chapter in guideline.chapters:
        for ref in find_references(chapter.body):
            if guideline.section(ref.section_id) is None:
                problems.append(
                    ContentError(
                        chapter.heading.file,
                        chapter.body_line + ref.line - 1,
                        unknown_id_message(ref.section_id, guideline.section_ids),
                    )
                )
    return problems


def unknown_id_message(section_id: str, section_ids: Collection[str]) -> str:
    return (
        f"tilvisinga «retningslinje:{section_id}» peikar på ein id som ingen overskrift i retningslinja har; "
        f"rett id-en eller ta bort lenkja.{section_hint(section_id, section_ids)}"
    )


def _check_metadata(metadata: Metadata, document) -> list[ContentError]:
    errors = []
    if metadata.status == "godkjend":
        for key in ("approved_by", "approved_date", "valid_from"):
            if getattr(metadata, key) is None:
                errors.append(document.error((key,), f"feltet «{key}» må fyllast ut når status er godkjend"))
    if metadata.valid_from and metadata.review_by <= metadata.valid_from:
        errors.append(
            document.error(
                ("review_by",), "revisjonsdatoen (review_by) må kome etter datoen retningslinja gjeld frå (valid_from)"
            )
        )
    if metadata.changelog[0].version != metadata.version:
        errors.append(
            document.error(
                ("changelog", 0, "version"),
                f"første oppføring i endringsloggen må vere gjeldande versjon {metadata.version}; før opp kva som er endra i denne versjonen øvst",
            )
        )
    versions = [entry.version for entry in metadata.changelog]
    for index, version in enumerate(versions):
        if version in versions[:index]:
            errors.append(
                document.error(("changelog", index, "version"), f"versjon {version} står to gonger i endringsloggen")
            )
    return errors


# Chapters as parsed, kept for the preview's next rebuild (content.memo): a chapter, immutable, is made from its
# text, file name and number alone.
_PARSED: Memo[Chapter] = Memo(4096)


def parse_chapter(text: str, file: str, number: int) -> Chapter:
    front, body, body_line = split_front_matter(text, file)
    meta = validate(ChapterFrontMatter, front)
    errors = []
    if not ID_PATTERN.match(meta.id):
        errors.append(front.error(("id",), f"kapittel-id-en «{meta.id}» er ugyldig: {ID_RULE}"))
    elif meta.id in GUIDELINE_PAGES:
        errors.append(
            front.error(("id",), f"«{meta.id}» er namnet på ei side som bygget lagar sjølv; vel ein annan id")
        )
    heading = Section(meta.id, meta.title, (number,), meta.id, file, front.line_of(("id",)) or 1)

    sections: dict[int, Section] = {}
    counters = [number]
    previous = ""
    for index, line in prose_lines(body):
        line_no = body_line + index
        atx = _ATX.match(line)
        if atx:
            level = len(atx.group(1))
            title_text = (atx.group(2) or "").rstrip("#").rstrip()
            problem = _heading_problem(level, len(counters), title_text)
            if problem:
                errors.append(ContentError(file, line_no, problem))
            else:
                title, section_id = _split_id(title_text)
                counters = [*counters[: level - 1], (counters[level - 1] + 1) if len(counters) >= level else 1]
                sections[index] = Section(section_id, title, tuple(counters), meta.id, file, line_no)
        elif _SETEXT.match(line) and previous.strip() and not _BLOCK_START.match(previous):
            errors.append(
                ContentError(
                    file,
                    line_no,
                    "streken under teksten gjer han til ei overskrift utan id; skriv overskrifta som «## Tittel {#id}», eller set inn ei tom linje før streken",
                )
            )
        previous = line
    boxes, box_errors = find_boxes(body, file, body_line)
    errors.extend(box_errors)
    errors.extend(_check_aliases(meta.aliases, {meta.id, *(s.id for s in sections.values())}, front))
    if errors:
        raise ContentErrors(errors)
    points = [
        OpenPoint(
            box.kind,
            box.title,
            file,
            body_line + box.index,
            _section_at(box.index, heading, sections).id,
            box.choice_id,
        )
        for box in boxes
    ]
    return Chapter(heading, meta.summary, body, body_line, sections, points, dict(meta.aliases))


def _check_aliases(aliases: dict[str, str], own_ids: set[str], front) -> list[ContentError]:
    """An alias keeps an old link working: an old id (valid, no longer used) for an id in this chapter."""
    errors = []
    for old, current in aliases.items():
        if not ID_PATTERN.match(old):
            errors.append(front.error(("aliases", old), f"den gamle id-en «{old}» er ugyldig: {ID_RULE}"))
        elif old in own_ids:
            errors.append(
                front.error(
                    ("aliases", old),
                    f"«{old}» er framleis id-en til ei overskrift i kapittelet; ta han bort frå aliases",
                )
            )
        if current not in own_ids:
            errors.append(
                front.error(
                    ("aliases", old),
                    (
                        f"aliaset «{old}» peikar på «{current}», som ikkje er id-en til kapittelet eller eit avsnitt i det; "
                        f"skriv den nye id-en.{did_you_mean(current, own_ids)}"
                    ),
                )
            )
    return errors


def _section_at(index: int, heading: Section, sections: dict[int, Section]) -> Section:
    """The section a line belongs to: the last heading above it, or the chapter itself."""
    above = [line for line in sections if line < index]
    return sections[max(above)] if above else heading


def _heading_problem(level: int, depth: int, text: str) -> str | None:
    if level == 1:
        return "kapittelet får overskrifta si frå «title» i front matter; bruk ## for avsnitt i staden for #"
    if level > MAX_LEVEL:
        return f"retningslinja brukar høgst {MAX_LEVEL} nivå (####); flytt innhaldet opp eit nivå"
    if level > depth + 1:
        return f"overskrifta hoppar frå nivå {depth} til nivå {level}; bruk {'#' * (depth + 1)}"
    attributes = _ATTRIBUTES.search(text)
    if not attributes:
        return "overskrifta manglar id; skriv han til slutt på linja, til dømes «## Samtykke {#samtykke}»"
    section_id = attributes.group(1).strip()
    if not section_id.startswith("#") or not ID_PATTERN.match(section_id[1:]):
        return f"id-en «{{{attributes.group(1)}}}» er ugyldig: skriv {{#id}} og {ID_RULE}"
    if not text[: attributes.start()].strip():
        return "overskrifta har id, men ingen tittel"
    return None


def _split_id(text: str) -> tuple[str, str]:
    attributes = _ATTRIBUTES.search(text)
    assert attributes is not None, "only a heading without a problem (_heading_problem) is split"
    return text[: attributes.start()].strip(), attributes.group(1).strip()[1:]


def _check_unique_ids(chapters: list[Chapter]) -> list[ContentError]:
    errors: list[ContentError] = []
    first_seen: dict[str, Section] = {}
    for chapter in chapters:
        for old in chapter.aliases:
            if any(old == s.id for c in chapters for s in c.sections):
                errors.append(
                    ContentError(
                        chapter.heading.file,
                        chapter.heading.line,
                        f"aliaset «{old}» er id-en til ei overskrift i retningslinja; eit alias må vere ein id som ikkje lenger er i bruk",
                    )
                )
    for section in (s for c in chapters for s in c.sections):
        if section.id in first_seen:
            first = first_seen[section.id]
            errors.append(
                ContentError(
                    section.file,
                    section.line,
                    f"id-en «{section.id}» er brukt før ({first.file}:{first.line}); kvar id må vere unik i heile retningslinja, så gje denne ein ny id",
                )
            )
        else:
            first_seen[section.id] = section
    return errors
