"""The regional guideline as plain data: its metadata, chapters and numbered sections."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from pydantic import Field

from content.errors import SectionIds
from content.guideline.boxes import OpenPoint
from content.yamlfile import ContentModel, Id, Text, Version, YamlDocument


class ChangeEntry(ContentModel):
    """Éi oppføring i endringsloggen: versjonen, datoen og kva som er endra."""

    version: Version = Field(description='Versjonen oppføringa gjeld, i hermeteikn, til dømes "1.1"')
    date: dt.date = Field(description="Datoen versjonen kom (ÅÅÅÅ-MM-DD)")
    summary: Text = Field(description="Kva som er endra i denne versjonen")


class Metadata(ContentModel):
    """Metadata for retningslinja (guideline/retningslinje.yml): tittel, versjon, status, ansvar, datoar og endringslogg."""

    title: Text = Field(description="Tittelen på retningslinja")
    document_id: Text = Field(description="Dokument-id-en, til dømes KOORD-RL")
    version: Version = Field(
        description=(
            'Gjeldande versjon, hovudversjon.underversjon i hermeteikn, til dømes "1.2"; '
            "auk hovudversjonen når krav, ansvar eller rutinar endrar seg"
        )
    )
    status: Literal["utkast", "godkjend"] = Field(
        description=(
            "utkast medan retningslinja blir arbeidd med; godkjend når ho er vedteken "
            "(då må approved_by, approved_date og valid_from fyllast ut, og versjonen arkiverast med make approve)"
        )
    )
    owner: Text = Field(description="Fagansvarleg: den som svarar for innhaldet i retningslinja")
    approved_by: Text | None = Field(
        None, description="Kven som godkjende retningslinja: eit namn frå guideline/godkjennarar.yml"
    )
    approved_date: dt.date | None = Field(
        None, description="Datoen retningslinja vart godkjend (ÅÅÅÅ-MM-DD), ikkje fram i tid"
    )
    valid_from: dt.date | None = Field(
        None, description="Datoen retningslinja gjeld frå (ÅÅÅÅ-MM-DD), tidlegast godkjenningsdatoen"
    )
    review_by: dt.date = Field(
        description="Revisjonsdato: når retningslinja seinast må gåast gjennom på nytt (ÅÅÅÅ-MM-DD)"
    )
    chapters: list[Text] = Field(
        min_length=1,
        description="Kapittelfilene i guideline/ i den rekkjefølgja dei skal lesast, berre filnamnet, minst éi",
    )
    read_confirmation_roles: list[Id] = Field(
        default_factory=list,
        description=(
            "Rollene (id-ar frå roles/) som må stadfeste at dei har lese versjonen som gjeld; ei ny hovudversjon spør alle på "
            "nytt. Utgåva til eit helseføretak kan setje sine eigne"
        ),
    )
    changelog: list[ChangeEntry] = Field(
        min_length=1,
        description="Endringsloggen, nyaste versjon først; den første oppføringa skal vere den gjeldande versjonen",
    )

    @property
    def is_draft(self) -> bool:
        return self.status == "utkast"

    def is_overdue(self, today: dt.date) -> bool:
        return self.review_by < today


class ChapterFrontMatter(ContentModel):
    """Front matter i ei kapittelfil i guideline/ (mellom dei to `---`-linjene øvst i fila)."""

    id: str = Field(
        description=(
            "Fast id for kapittelet: han står i adressa og i tilvisingar, så ikkje endre han (små bokstavar a–z, tal og "
            "bindestrek); må han endrast, før den gamle opp under aliases"
        )
    )
    title: Text = Field(description="Overskrifta på kapittelet")
    summary: Text | None = Field(
        None, description="Eit kort samandrag av kapittelet, vist i innhaldslista til retningslinja"
    )
    # Old links keep working after a rename: a link to an old id lands on the chapter or section that has it now.
    aliases: dict[str, str] = Field(
        default_factory=dict,
        description=(
            "Gamle id-ar, så gamle lenkjer framleis verkar etter at ein id er endra: gammal-id: id-en som kapittelet eller avsnittet har no"
        ),
    )


@dataclass(frozen=True)
class Section:
    """A heading that can be linked to: a chapter's own heading (level 1) or a section inside it."""

    id: str
    title: str
    number: tuple[int, ...]
    chapter_id: str
    file: str
    line: int

    @property
    def label(self) -> str:
        return ".".join(str(n) for n in self.number)

    @property
    def level(self) -> int:
        return len(self.number)


@dataclass(frozen=True)
class Chapter:
    """One chapter file: its heading, its sections in order, and its Markdown body."""

    heading: Section
    summary: str | None
    body: str
    body_line: int  # line of the body's first line in the source file
    # Index of each section heading's line in `body`, so that numbers can be written in.
    heading_lines: dict[int, Section] = field(default_factory=dict)
    open_points: list[OpenPoint] = field(default_factory=list)
    aliases: dict[str, str] = field(default_factory=dict)  # old id -> the id it has now, in this chapter

    @property
    def id(self) -> str:
        return self.heading.id

    @property
    def sections(self) -> list[Section]:
        return [self.heading, *self.heading_lines.values()]


@dataclass(frozen=True)
class Guideline:
    metadata: Metadata
    metadata_file: str
    chapters: list[Chapter]
    document: YamlDocument  # the metadata file as parsed, with the line of every field, for messages about it
    _by_id: dict[str, Section] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {s.id: s for c in self.chapters for s in c.sections})

    @property
    def section_ids(self) -> SectionIds:
        return SectionIds(self._by_id, {old: new for c in self.chapters for old, new in c.aliases.items()})

    def section(self, section_id: str) -> Section | None:
        """Look a section up by its stable id; None when no heading has that id."""
        return self._by_id.get(section_id)

    def cited_section(self, section_id: str) -> Section:
        """The section a checked reference names: every loader refuses a reference to an id that no heading has."""
        section = self._by_id.get(section_id)
        assert section is not None, f"the reference to «{section_id}» was not checked against the guideline"
        return section

    @property
    def open_points(self) -> list[OpenPoint]:
        """Local choices and points for KE to check, in reading order: while any is open, it cannot be approved."""
        return [point for chapter in self.chapters for point in chapter.open_points]

    def chapter(self, chapter_id: str) -> Chapter:
        return next(c for c in self.chapters if c.id == chapter_id)
