"""What changed in the guideline since an approved version: sections matched by their stable ids, not by position,
so that a renumbered section is not «changed» and a renamed one is «removed» and «added»."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from content.guideline.model import Chapter, Guideline, Section

Kind = Literal["added", "removed", "moved", "changed"]


@dataclass(frozen=True)
class SectionChange:
    kind: Kind
    section: Section  # as it is now; for a removed section, as it was
    old: Section | None = None
    # For a changed section: the words, each part marked "=" (same), "-" (taken out) or "+" (put in).
    words: list[tuple[str, str]] = field(default_factory=list)

    @property
    def before(self) -> Section:
        """The section as it was, which every change but an addition has."""
        assert self.old is not None, f"a {self.kind} section has no old version"
        return self.old


def section_texts(chapters: Iterable[Chapter]) -> dict[str, str]:
    """Each section's own text (its title and the lines up to the next heading of any level), by id."""
    texts = {}
    for chapter in chapters:
        lines = chapter.body.split("\n")
        starts = sorted(chapter.heading_lines)
        bounds = [(chapter.heading, -1, starts[0] if starts else len(lines))]
        bounds += [(chapter.heading_lines[s], s, nxt) for s, nxt in zip(starts, [*starts[1:], len(lines)], strict=True)]
        for section, start, end in bounds:
            body = "\n".join(lines[start + 1 : end]).strip()
            texts[section.id] = f"{section.title}\n\n{body}"
    return texts


def _parents(guideline: Guideline) -> dict[str, str | None]:
    """Each section's place in the document: the id of the section or chapter it sits under."""
    parents: dict[str, str | None] = {}
    for chapter in guideline.chapters:
        stack: list[Section] = []
        for section in chapter.sections:
            while stack and stack[-1].level >= section.level:
                stack.pop()
            parents[section.id] = stack[-1].id if stack else None
            stack.append(section)
    return parents


def compare(old: Guideline, new: Guideline) -> list[SectionChange]:
    """Sections added, removed, moved (to another chapter or parent) and changed (title or text), in reading order."""
    old_sections = {s.id: s for c in old.chapters for s in c.sections}
    new_sections = [s for c in new.chapters for s in c.sections]
    old_texts, new_texts = section_texts(old.chapters), section_texts(new.chapters)
    old_parents, new_parents = _parents(old), _parents(new)
    changes = []
    for section in new_sections:
        before = old_sections.get(section.id)
        if before is None:
            changes.append(SectionChange("added", section))
            continue
        if old_parents[section.id] != new_parents[section.id]:
            changes.append(SectionChange("moved", section, before))
        if old_texts[section.id] != new_texts[section.id]:
            changes.append(
                SectionChange("changed", section, before, word_diff(old_texts[section.id], new_texts[section.id]))
            )
    current = {s.id for s in new_sections}
    changes += [SectionChange("removed", s, s) for s in old_sections.values() if s.id not in current]
    return changes


_TOKENS = re.compile(r"\s+|[^\s]+")


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """The difference word by word; runs of the same mark are joined, whitespace goes with the words around it."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    parts: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            _add(parts, "=", "".join(a[i1:i2]))
        else:
            _add(parts, "-", "".join(a[i1:i2]))
            _add(parts, "+", "".join(b[j1:j2]))
    return parts


def _add(parts: list[tuple[str, str]], mark: str, text: str) -> None:
    if not text:
        return
    if parts and parts[-1][0] == mark:
        parts[-1] = (mark, parts[-1][1] + text)
    else:
        parts.append((mark, text))


def changed_ids(changes: list[SectionChange]) -> set[str]:
    """Sections whose wording changed: what a question citing them, and a learner reading them, must look at again.
    (A removed section cannot be cited: the build stops on the reference.)"""
    return {c.section.id for c in changes if c.kind == "changed"}
