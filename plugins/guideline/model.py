"""The regional guideline as plain data: its metadata, chapters and numbered sections."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from pydantic import Field

from ..content import ContentModel, Text, Version
from .open_points import OpenPoint


class ChangeEntry(ContentModel):
    version: Version
    date: dt.date
    summary: Text


class Metadata(ContentModel):
    """The document's metadata, kept in the guideline folder's YAML file."""

    title: Text
    document_id: Text
    version: Version
    status: Literal["utkast", "godkjend"]
    owner: Text = Field(description="Fagansvarleg: who answers for the content")
    approved_by: Text | None = None
    approved_date: dt.date | None = None
    valid_from: dt.date | None = None
    review_by: dt.date = Field(description="Revisjonsdato: when the guideline must be reviewed")
    chapters: list[Text] = Field(min_length=1, description="Chapter files in reading order")
    changelog: list[ChangeEntry] = Field(min_length=1, description="Newest first")

    @property
    def is_draft(self) -> bool:
        return self.status == "utkast"

    def is_overdue(self, today: dt.date) -> bool:
        return self.review_by < today


class ChapterFrontMatter(ContentModel):
    id: str
    title: Text
    summary: Text | None = None
    # Old links keep working after a rename: a link to an old id lands on the chapter or section that has it now.
    aliases: dict[str, str] = Field(default_factory=dict)


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

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {s.id: s for c in self.chapters for s in c.sections})

    @property
    def section_ids(self) -> set[str]:
        return set(self._by_id)

    def section(self, section_id: str) -> Section | None:
        """Look a section up by its stable id; None when no heading has that id."""
        return self._by_id.get(section_id)

    @property
    def open_points(self) -> list[OpenPoint]:
        """Local choices and points for KE to check, in reading order: while any is open, it cannot be approved."""
        return [point for chapter in self.chapters for point in chapter.open_points]

    def chapter(self, chapter_id: str) -> Chapter:
        return next(c for c in self.chapters if c.id == chapter_id)


def norwegian_date(value: dt.date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""
