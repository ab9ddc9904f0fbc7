"""A trust's edition of the regional guideline (`editions/<id>.yml`): the trust's name, the written standard of the
site's own words, its text for each local choice (by the choice's id), who in the trust may approve the local part,
and its approval record. The regional text is one source; each edition fills its slots and is approved on its own."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Literal

from pydantic import Field

from content.errors import ContentError, ContentErrors, did_you_mean
from content.guideline.approval import Approver, version_key
from content.yamlfile import (
    ID_PATTERN,
    ID_RULE,
    ContentModel,
    Id,
    Text,
    Version,
    YamlDocument,
    load_yaml,
    read_text,
    validate,
)

FOLDER = "editions"
ARCHIVE = "approved"


class LocalTexts(ContentModel):
    """Teksten til eit lokalt val i kvar målform, når sidene finst på begge (pasientsidene)."""

    nn: Text = Field(description="Teksten på nynorsk (Markdown)")
    nb: Text = Field(description="Teksten på bokmål (Markdown)")


class EditionApproval(ContentModel):
    """Godkjenninga av den lokale delen: kven, når, og kva regional versjon utgåva byggjer på."""

    status: Literal["utkast", "godkjend"] = Field(
        description=(
            "utkast medan helseføretaket arbeider med utgåva; godkjend når ein av godkjennarane har godkjent den lokale "
            "delen (då må alle lokale val vere fylte ut, og versjonen arkiverast med make approve EDITION=<id>)"
        )
    )
    version: Version = Field(
        description='Versjonen av den lokale delen, hovudversjon.underversjon i hermeteikn, til dømes "1.0"'
    )
    guideline_version: Version | None = Field(
        None, description="Den godkjende versjonen av den regionale retningslinja som utgåva byggjer på"
    )
    approved_by: Text | None = Field(None, description="Kven som godkjende den lokale delen: eit namn frå approvers")
    approved_date: dt.date | None = Field(
        None, description="Datoen den lokale delen vart godkjend (ÅÅÅÅ-MM-DD), ikkje fram i tid"
    )
    valid_from: dt.date | None = Field(None, description="Datoen utgåva gjeld frå (ÅÅÅÅ-MM-DD)")


class Edition(ContentModel):
    """Utgåva til eitt helseføretak av den regionale retningslinja (editions/<id>.yml)."""

    name: Text = Field(
        description="Namnet på helseføretaket slik det skal stå på sidene, på kvitteringar og i SCORM-pakkar, til dømes «Helse Fonna HF»"
    )
    written_standard: Literal["nn", "nb"] = Field(
        description=(
            "Målforma til orda i sjølve nettstaden (menyar, knappar, opplæringa, Mine kurs, Leiaroversikt): nn eller nb. "
            "Teksten i retningslinja står slik han er skriven"
        )
    )
    accessibility_statement: str = Field(
        "", description="Adressa til tilgjengelegheitserklæringa til helseføretaket (frå uustatus); tom til ho finst"
    )
    local_choices: dict[Id, Text | LocalTexts] = Field(
        default_factory=dict,
        description=(
            "Teksten til helseføretaket for kvart lokale val, etter id-en til valet (id-ane står på sida «Lokale val og opne "
            "punkt»). Markdown; for eit val som står på pasientsidene: nn og nb kvar for seg, eller same tekst for begge"
        ),
    )
    approvers: list[Approver] = Field(
        default_factory=list, description="Dei i helseføretaket som kan godkjenne den lokale delen"
    )
    approval: EditionApproval = Field(description="Status og godkjenning for den lokale delen")
    read_confirmation_roles: list[Id] | None = Field(
        None,
        description=(
            "Rollene som må stadfeste at dei har lese retningslinja, når helseføretaket vel andre enn regionen har sett "
            "(id-ar frå roles/); sløyf feltet for å bruke regionen sine"
        ),
    )


class LoadedEdition:
    """An edition as loaded: its id (the file's name), the model and the parsed file (for lines in messages)."""

    def __init__(self, edition_id: str, edition: Edition, document: YamlDocument) -> None:
        self.id, self.edition, self.document = edition_id, edition, document

    @property
    def file(self) -> str:
        return self.document.file

    def text(self, choice_id: str, language: str) -> str | None:
        """The trust's text for a local choice in `language`, or None where the trust has not filled it."""
        value = self.edition.local_choices.get(choice_id)
        if value is None:
            return None
        return value if isinstance(value, str) else getattr(value, language, None) or value.nn


def edition_ids(root: Path) -> list[str]:
    return sorted(path.stem for path in (root / FOLDER).glob("*.yml"))


def load_edition(root: Path, edition_id: str, folder: str = FOLDER) -> LoadedEdition:
    """The edition named `edition_id` (editions/<id>.yml); a name with no file is a mistake naming the ones there are."""
    name = f"{folder}/{edition_id}.yml"
    if not ID_PATTERN.match(edition_id):
        raise ContentErrors(
            [ContentError("mkdocs.yml", None, f"utgåva «{edition_id}» er ikkje ein gyldig id: {ID_RULE}")]
        )
    path = root / name
    if not path.is_file():
        known = sorted(p.stem for p in (root / folder).glob("*.yml"))
        raise ContentErrors(
            [
                ContentError(
                    "mkdocs.yml",
                    None,
                    (
                        f"utgåva «{edition_id}» finst ikkje ({name}); utgåvene er {', '.join(known) or 'ingen'}.{did_you_mean(edition_id, known)} "
                        "Vel ei av dei med EDITION=<id>, eller opprett fila"
                    ),
                )
            ]
        )
    document = load_yaml(read_text(path, name), name)
    return LoadedEdition(edition_id, validate(Edition, document), document)


def check_slots(loaded: LoadedEdition, slots: dict[str, list[str]]) -> list[ContentError]:
    """Every text the edition gives must fill a local choice the content has (`slots`: id -> where it stands)."""
    errors = []
    for choice_id in loaded.edition.local_choices:
        if choice_id not in slots:
            errors.append(
                loaded.document.error(
                    ("local_choices", choice_id),
                    (
                        f"det finst ikkje noko lokalt val med id-en «{choice_id}»; id-ane står på sida «Lokale val og opne punkt».{did_you_mean(choice_id, slots)}"
                    ),
                )
            )
    return errors


def approval_errors(
    loaded: LoadedEdition, slots: dict[str, list[str]], approved_guidelines: list[str], today: dt.date
) -> list[ContentError]:
    """A trust's edition is `godkjend` only when every local choice is filled, the regional text it builds on is an
    approved version, and one of the trust's listed approvers approved the local part, on a day that has been."""
    edition, document = loaded.edition, loaded.document
    approval = edition.approval
    errors: list[ContentError] = []
    if approval.status != "godkjend":
        return errors
    for key in ("guideline_version", "approved_by", "approved_date", "valid_from"):
        if getattr(approval, key) is None:
            errors.append(document.error(("approval", key), f"feltet «{key}» må fyllast ut når status er godkjend"))
    missing = [choice_id for choice_id in slots if choice_id not in edition.local_choices]
    if missing:
        where = "; ".join(f"«{c}» ({slots[c][0]})" for c in missing)
        errors.append(
            document.error(
                ("approval", "status"),
                (
                    f"status er godkjend, men {len(missing)} lokale val er ikkje fylte ut: {where}. Fyll dei ut under local_choices, eller set status: utkast"
                ),
            )
        )
    names = [a.name for a in edition.approvers]
    if approval.approved_by is not None and approval.approved_by not in names:
        errors.append(
            document.error(
                ("approval", "approved_by"),
                (
                    f"«{approval.approved_by}» står ikkje under approvers i {loaded.file} ({', '.join(names) or 'ingen er førte opp'}); "
                    "berre ein av godkjennarane til helseføretaket kan godkjenne den lokale delen"
                ),
            )
        )
    if approval.guideline_version is not None and approval.guideline_version not in approved_guidelines:
        known = ", ".join(sorted(approved_guidelines, key=version_key)) or "ingen enno"
        errors.append(
            document.error(
                ("approval", "guideline_version"),
                (
                    f"versjon {approval.guideline_version} av den regionale retningslinja er ikkje godkjend (godkjende versjonar: {known}); "
                    "ei utgåve kan berre byggje på ein godkjend regional versjon"
                ),
            )
        )
    if approval.approved_date and approval.approved_date > today:
        errors.append(
            document.error(
                ("approval", "approved_date"),
                "godkjenningsdatoen er fram i tid; skriv datoen då den lokale delen vart godkjend",
            )
        )
    if approval.approved_date and approval.valid_from and approval.valid_from < approval.approved_date:
        errors.append(
            document.error(("approval", "valid_from"), "utgåva kan ikkje gjelde frå ein dato før ho vart godkjend")
        )
    return errors


RECORD = "godkjenning.yml"
EDITION_FILE = "utgave.yml"


class EditionRecord(ContentModel):
    """Kva som vart godkjent av den lokale delen, av kven og når (skrive av make approve EDITION=<id>, ikkje endre for hand)."""

    version: Version
    guideline_version: Version
    approved_by: Text
    approved_date: dt.date
    valid_from: dt.date
    files: dict[str, str] = Field(description="SHA-256 av kvar arkivert fil, relativt til mappa")


class ArchivedEdition:
    """An approved version of an edition's local part, as archived: its record and the edition file as approved."""

    def __init__(self, record: EditionRecord, folder: str, edition: Edition) -> None:
        self.record, self.folder, self.edition = record, folder, edition

    @property
    def version(self) -> str:
        return self.record.version


def archive_folder(edition_id: str, version: str | None = None) -> str:
    """approved/utgaver/<id>/ (the trust's archive, apart from the region's), or one version's folder in it."""
    folder = f"{ARCHIVE}/utgaver/{edition_id}"
    return f"{folder}/v{version}" if version else folder


def load_edition_archive(root: Path, edition_id: str) -> list[ArchivedEdition]:
    """Every archived version of the edition, oldest first; a changed or missing archived file is an error."""
    versions, errors = [], []
    for folder in sorted((root / archive_folder(edition_id)).glob("v*")):
        relative = folder.relative_to(root).as_posix()
        try:
            record = validate(
                EditionRecord, load_yaml(read_text(folder / RECORD, f"{relative}/{RECORD}"), f"{relative}/{RECORD}")
            )
            edition = validate(
                Edition,
                load_yaml(read_text(folder / EDITION_FILE, f"{relative}/{EDITION_FILE}"), f"{relative}/{EDITION_FILE}"),
            )
        except FileNotFoundError:
            errors.append(
                ContentError(
                    relative,
                    None,
                    f"mappa manglar {RECORD} eller {EDITION_FILE}; arkivet blir skrive av «make approve EDITION={edition_id}», ikkje for hand",
                )
            )
            continue
        except ContentErrors as exc:
            errors += exc.errors
            continue
        for file, digest in record.files.items():
            path = folder / file
            if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != digest:
                errors.append(
                    ContentError(
                        f"{relative}/{file}",
                        None,
                        "fila er endra eller borte etter godkjenninga; hent henne tilbake frå git (arkivet skal ikkje endrast)",
                    )
                )
        if folder.name != f"v{record.version}":
            errors.append(
                ContentError(
                    f"{relative}/{RECORD}", None, f"versjonen {record.version} høyrer heime i mappa v{record.version}"
                )
            )
        versions.append(ArchivedEdition(record, relative, edition))
    if errors:
        raise ContentErrors(errors)
    return sorted(versions, key=lambda v: version_key(v.version))


def archive_errors(loaded: LoadedEdition, archive: list[ArchivedEdition]) -> list[ContentError]:
    """A godkjend edition is archived as approved, its approval is never rewritten, versions only go up, and the
    local text is never changed under the same approved version."""
    approval, document = loaded.edition.approval, loaded.document
    last = archive[-1] if archive else None
    errors = []
    if last is not None and version_key(approval.version) < version_key(last.version):
        errors.append(
            document.error(
                ("approval", "version"),
                f"versjon {approval.version} er lågare enn den sist godkjende versjonen {last.version} ({last.folder}); versjonar går berre oppover",
            )
        )
    archived = next((v for v in archive if v.version == approval.version), None)
    if approval.status == "godkjend" and archived is None:
        errors.append(
            document.error(
                ("approval", "status"),
                (
                    f"versjon {approval.version} av utgåva har status godkjend, men er ikkje arkivert i {archive_folder(loaded.id, approval.version)}; "
                    f"godkjennaren køyrer «make approve EDITION={loaded.id}» og sender arkivet med i same endring"
                ),
            )
        )
    if archived is not None:
        if loaded.edition.local_choices != archived.edition.local_choices:
            errors.append(
                document.error(
                    ("local_choices",),
                    (
                        f"versjon {approval.version} vart godkjend slik ho står i {archived.folder}, men dei lokale tekstane er endra sidan. "
                        "Set status: utkast og auk versjonen i same endring, så blir det nye godkjent for seg"
                    ),
                )
            )
        for key in ("guideline_version", "approved_by", "approved_date", "valid_from"):
            if approval.status == "godkjend" and getattr(approval, key) != getattr(archived.record, key):
                errors.append(
                    document.error(
                        ("approval", key),
                        f"{key} skil seg frå det som vart arkivert for versjon {approval.version}; ei godkjenning blir ikkje endra i ettertid",
                    )
                )
    return errors


def changed_local_texts(before: Edition, now: Edition) -> list[tuple[str, str, str, str]]:
    """The local choices whose text changed since an approved version: (id, kind: added/removed/changed, before, now)."""
    found = []
    for choice_id in sorted(set(before.local_choices) | set(now.local_choices)):
        old, new = before.local_choices.get(choice_id), now.local_choices.get(choice_id)
        if old == new:
            continue
        kind = "added" if old is None else "removed" if new is None else "changed"
        found.append((choice_id, kind, _as_text(old), _as_text(new)))
    return found


def _as_text(value: str | LocalTexts | None) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else f"{value.nn}\n\n(bokmål) {value.nb}"
