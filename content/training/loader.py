"""Read the training modules (`quizzes/*.yml`) and check what a schema cannot: unique ids, correct options,
the draw count, and that every question cites a guideline section that exists."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from content.errors import ContentError, ContentErrors, unknown_section
from content.training.model import Case, Module, MultipleChoice, SingleChoice
from content.yamlfile import YamlDocument, load_as, read_text


@dataclass(frozen=True)
class ModuleFile:
    module: Module
    file: str  # relative to the project root, for messages
    document: YamlDocument  # for the line of a value in later checks


def load_modules(root: Path, folder: str, section_ids: Collection[str] | None) -> list[ModuleFile]:
    """Load every module in `root / folder`, sorted by file name; raise all mistakes together."""
    errors: list[ContentError] = []
    loaded: list[ModuleFile] = []
    first_file: dict[str, str] = {}
    for path in sorted((root / folder).glob("*.y*ml")):
        name = f"{folder}/{path.name}"
        try:
            document, module = load_as(Module, read_text(path, name), name)
        except ContentErrors as exc:
            errors.extend(exc.errors)
            continue
        problems = _check(module, document, section_ids)
        if module.id in first_file:
            problems.append(
                document.error(
                    ("id",), f"modul-id-en «{module.id}» er brukt før i {first_file[module.id]}; gje modulen ein ny id"
                )
            )
        first_file.setdefault(module.id, name)
        errors.extend(problems)
        if not problems:
            loaded.append(ModuleFile(module, name, document))
    if errors:
        raise ContentErrors(errors)
    return loaded


def _check(module: Module, document: YamlDocument, section_ids: Collection[str] | None) -> list[ContentError]:
    errors = []
    seen: set[str] = set()

    def unique(item_id: str, path: tuple) -> None:
        if item_id in seen:
            errors.append(
                document.error(path, f"spørsmål «{item_id}»: id-en er brukt før i modulen; gje spørsmålet ein ny id")
            )
        seen.add(item_id)

    for index, item in enumerate(module.questions):
        unique(item.id, ("questions", index, "id"))
        if isinstance(item, Case):
            for sub, question in enumerate(item.questions):
                path = ("questions", index, "questions", sub)
                unique(question.id, (*path, "id"))
                errors.extend(_check_question(question, path, document, section_ids))
        else:
            errors.extend(_check_question(item, ("questions", index), document, section_ids))
    if module.draw is not None:
        standalone, cases = len(module.standalone()), len(module.cases())
        if module.draw.questions > standalone:
            errors.append(
                document.error(
                    ("draw", "questions"),
                    (
                        f"draw.questions er {module.draw.questions}, men modulen har berre {standalone} enkeltspørsmål å trekkje frå; set talet lågare"
                    ),
                )
            )
        if module.draw.cases > cases:
            errors.append(
                document.error(
                    ("draw", "cases"),
                    f"draw.cases er {module.draw.cases}, men modulen har berre {cases} casar; set talet lågare",
                )
            )
        if module.draw.questions + module.draw.cases == 0:
            errors.append(
                document.error(("draw",), "eit forsøk må ha minst eitt spørsmål; set draw.questions eller draw.cases")
            )
    sizes = {len(case.questions) for case in module.cases()}
    drawn_cases = module.drawn()[1]
    if drawn_cases and drawn_cases < len(module.cases()) and len(sizes) > 1:
        listed = ", ".join(f"{case.id} ({len(case.questions)})" for case in module.cases())
        errors.append(
            document.error(
                ("draw", "cases"),
                (
                    f"casane har ulikt mange spørsmål ({listed}), så to forsøk ville få ulikt mange spørsmål å svare på; "
                    "gje alle casane like mange spørsmål"
                ),
            )
        )
    return errors


def _check_question(
    question, path: tuple, document: YamlDocument, section_ids: Collection[str] | None
) -> list[ContentError]:
    errors = []
    name = f"spørsmål «{question.id}»"
    if "\n\n" in question.text.strip():
        errors.append(
            document.error(
                (*path, "text"),
                f"{name}: spørsmålsteksten må vere eitt avsnitt; ei lengre forteljing høyrer heime i ein case",
            )
        )
    if isinstance(question, SingleChoice | MultipleChoice):
        option_ids: set[str] = set()
        for number, option in enumerate(question.options):
            if option.id in option_ids:
                errors.append(
                    document.error(
                        (*path, "options", number, "id"),
                        f"{name}: svaralternativet «{option.id}» står to gonger; gje det ein ny id",
                    )
                )
            option_ids.add(option.id)
        correct = question.correct_ids()
        if not correct:
            errors.append(
                document.error((*path, "options"), f"{name}: ingen svaralternativ er merkte med «correct: true»")
            )
        elif isinstance(question, SingleChoice) and len(correct) > 1:
            errors.append(
                document.error(
                    (*path, "options"),
                    f"{name}: type single skal ha eitt rett svar, men {', '.join(correct)} er merkte som rette; bruk type multiple om fleire er rette",
                )
            )
    for number, ref in enumerate(question.refs):
        if section_ids is not None and ref not in section_ids:
            errors.append(document.error((*path, "refs", number), f"{name}: {unknown_section(ref, section_ids)}"))
    return errors
