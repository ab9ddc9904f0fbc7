"""One content mistake and all of a load's mistakes together: the one error type every loader raises, so that an
editor sees every mistake of a build in one report, each with its file, line and what to do."""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterable
from dataclasses import dataclass


def did_you_mean(wrong: str, known: Iterable[str]) -> str:
    """« Meinte du «x»?» for the closest known id or field name, or "" when nothing is close."""
    close = difflib.get_close_matches(wrong, list(known), n=1, cutoff=0.6)
    return f" Meinte du «{close[0]}»?" if close else ""


class SectionIds(frozenset[str]):
    """The guideline's section ids, and the old ids its chapters keep as aliases (old -> new): a reference to an old id
    is still a mistake, but one whose fix is known."""

    renamed: dict[str, str]

    def __new__(cls, ids: Iterable[str], renamed: dict[str, str]) -> SectionIds:
        made = super().__new__(cls, ids)
        made.renamed = renamed
        return made


def section_hint(ref: str, section_ids: Collection[str]) -> str:
    """What to write instead of an unknown id: the new id of a renamed section, else the closest id."""
    renamed = section_ids.renamed if isinstance(section_ids, SectionIds) else {}
    if ref in renamed:
        return f" «{ref}» er den gamle id-en til «{renamed[ref]}» (aliases); skriv «{renamed[ref]}»."
    return did_you_mean(ref, section_ids)


def unknown_section(ref: str, section_ids: Collection[str]) -> str:
    """The message for a reference to a guideline id that no heading has."""
    return f"tilvisinga «{ref}» peikar på ein id som ingen overskrift i retningslinja har; rett id-en.{section_hint(ref, section_ids)}"


@dataclass(frozen=True)
class ContentError(Exception):
    """One mistake in one content file, with what to do about it."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


class ContentErrors(Exception):
    """All the mistakes found in one load, so that an editor can fix them in one go."""

    def __init__(self, errors: list[ContentError]):
        super().__init__(errors)
        self.errors = errors

    def __str__(self) -> str:
        lines = "\n".join(f"  {error}" for error in self.errors)
        return f"Feil i innhaldet ({len(self.errors)}):\n{lines}"
