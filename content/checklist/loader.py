"""Read the checklist (`checklist/kriterium.yml`) and check what a schema cannot: references to the guideline, and
that both halves of the legal test and the patient's wish can be ticked."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path

from content.checklist.model import Checklist, Criterion, Step
from content.errors import ContentError, ContentErrors, unknown_section
from content.yamlfile import load_yaml, read_text, validate

# The suggestion needs both halves of the legal test and the wish to be possible to tick.
REQUIRED_PARTS = {
    "behov": "behov (komplekse eller langvarige tenester)",
    "koordinering": "koordinering (koordinerte tenester)",
    "onske": "onske (pasienten ber sjølv)",
}


def load_checklist(root: Path, name: str, section_ids: Collection[str] | None) -> Checklist:
    if not (root / name).is_file():
        raise ContentErrors([ContentError(name, None, "fila finst ikkje; opprett fila med kriteria for sjekklista")])
    document = load_yaml(read_text(root / name, name), name)
    checklist = validate(Checklist, document)
    referring: list[tuple[str, Sequence[Criterion | Step]]] = [
        ("criteria", checklist.criteria),
        ("next_steps", checklist.next_steps),
    ]
    errors = [
        document.error((part, index, "refs", number), unknown_section(ref, section_ids))
        for part, items in referring
        for index, item in enumerate(items)
        for number, ref in enumerate(item.refs)
        if section_ids is not None and ref not in section_ids
    ]
    parts = {c.part for c in checklist.criteria}
    errors += [
        document.error(("criteria",), f"ingen kriterium har part: {part}; legg til eitt med {label}")
        for part, label in REQUIRED_PARTS.items()
        if part not in parts
    ]
    if errors:
        raise ContentErrors(errors)
    return checklist
