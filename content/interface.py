"""The site's own words (menus, buttons, the training, «Mine kurs», «Leiaroversikt», messages) in both written
standards, in one place: `content/interface.yml`, area -> id -> {nn, nb}. A build takes the words of its edition's
standard (`written_standard`; nynorsk without an edition). Templates say `word("quiz.submit")`; a page's scripts get
only their areas' words, as JSON in the page (see overrides/main.html), and read them with `word()` from
overrides/assets/javascripts/words.js. `{name}` in a word is filled in where it is used, the same in both standards."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import RootModel

from content.errors import ContentError, ContentErrors, did_you_mean
from content.yamlfile import ContentModel, Id, Text, YamlDocument, load_yaml, read_text, validate

FILE = "content/interface.yml"
STANDARDS = ("nn", "nb")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


class Words(ContentModel):
    """Eitt ord eller ein tekst i nettstaden, i begge målformene."""

    nn: Text
    nb: Text


class Table(RootModel[dict[Id, dict[Id, Words]]]):
    pass


class Interface:
    """The table, as loaded: `words(standard)` gives every word by its id ("area.name") in one standard."""

    def __init__(self, table: dict[str, dict[str, Words]], document: YamlDocument) -> None:
        self.table, self.document = table, document

    @property
    def ids(self) -> list[str]:
        return [f"{area}.{name}" for area, words in self.table.items() for name in words]

    def words(self, standard: str, areas: tuple[str, ...] | None = None) -> dict[str, str]:
        """Every word of `areas` (all areas when None) in `standard`, by id."""
        return {
            f"{area}.{name}": getattr(entry, standard)
            for area, words in self.table.items()
            if areas is None or area in areas
            for name, entry in words.items()
        }

    def word(self, word_id: str, standard: str, **values) -> str:
        """One word in `standard`, its `{name}` places filled from `values`. An unknown id is the template's mistake."""
        area, _, name = word_id.partition(".")
        entry = self.table.get(area, {}).get(name)
        if entry is None:
            raise KeyError(
                f"ordet «{word_id}» finst ikkje i {FILE}.{did_you_mean(word_id, self.ids)} Legg det til der, på nynorsk og bokmål"
            )
        return fill(getattr(entry, standard), values)

    def check_areas(self, areas: tuple[str, ...]) -> None:
        unknown = [area for area in areas if area not in self.table]
        if unknown:
            raise KeyError(f"området «{unknown[0]}» finst ikkje i {FILE}.{did_you_mean(unknown[0], self.table)}")


def fill(text: str, values: dict, convert=str) -> str:
    """`text` with each `{name}` that `values` has replaced by `convert(value)`; the others left as they are."""
    return _PLACEHOLDER.sub(lambda m: convert(values[m.group(1)]) if m.group(1) in values else m.group(0), text)


def load_interface(root: Path, name: str = FILE) -> Interface:
    """Load and check the table: every word in both standards, none empty, the same `{name}` places in both."""
    document = load_yaml(read_text(root / name, name), name)
    table = validate(Table, document).root
    errors: list[ContentError] = []
    for area, words in table.items():
        for key, entry in words.items():
            places = {standard: sorted(set(_PLACEHOLDER.findall(getattr(entry, standard)))) for standard in STANDARDS}
            if places["nn"] != places["nb"]:
                errors.append(
                    document.error(
                        (area, key, "nb"),
                        (
                            f"«{area}.{key}» har {_listed(places['nn'])} på nynorsk og {_listed(places['nb'])} på bokmål; "
                            "skriv dei same {namna} i begge målformene"
                        ),
                    )
                )
    if errors:
        raise ContentErrors(errors)
    return Interface(table, document)


def _listed(places: list[str]) -> str:
    return ", ".join(f"{{{p}}}" for p in places) if places else "ingen {namn}"
