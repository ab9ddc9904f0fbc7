"""Approved versions of the guideline and the rules an approval must keep.

Each approved version is archived by `make approve` in `approved/retningslinje-v<version>/`: the chapters and the
metadata as approved (`guideline/`), the print view (`utskrift.html`) and a record (`godkjenning.yml`) of who
approved it, when, and a SHA-256 of every file. The build compares the guideline with the newest archived version,
so that text nobody approved never shows as «godkjend». No MkDocs import: the plugin and the command share this.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field

from content.dates import norwegian_date
from content.errors import ContentError, ContentErrors
from content.guideline.loader import load_guideline
from content.guideline.model import Guideline
from content.yamlfile import ContentModel, Text, Version, load_yaml, read_text, validate

ARCHIVE = "approved"
RECORD = "godkjenning.yml"
APPROVERS = "godkjennarar.yml"


class Approver(ContentModel):
    """Ein person som kan godkjenne retningslinja."""

    name: Text = Field(description="Namnet slik det skal stå i approved_by i retningslinje.yml")
    role: Text = Field(description="Stillinga eller rolla som gjev fullmakt til å godkjenne")


class Approvers(ContentModel):
    """Dei som kan godkjenne retningslinja (guideline/godkjennarar.yml). Endringar krev kodeeigarane i CODEOWNERS."""

    approvers: list[Approver] = Field(description="Godkjennarane; tom liste betyr at ingen kan godkjenne enno")


class ApprovalRecord(ContentModel):
    """Kva som vart godkjent, av kven og når (skrive av make approve, ikkje endre for hand)."""

    version: Version
    approved_by: Text
    approved_date: dt.date
    valid_from: dt.date
    files: dict[str, str] = Field(description="SHA-256 av kvar arkivert fil, relativt til mappa")


@dataclass(frozen=True)
class ApprovedVersion:
    record: ApprovalRecord
    folder: str  # relative to the project root, for messages
    guideline: Guideline

    @property
    def version(self) -> str:
        return self.record.version


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def folder_name(version: str) -> str:
    return f"retningslinje-v{version}"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_approvers(root: Path, source_dir: str = "guideline") -> list[str]:
    """The names that may stand in approved_by. A missing file means nobody may approve yet."""
    name = f"{source_dir}/{APPROVERS}"
    path = root / name
    if not path.is_file():
        return []
    return [a.name for a in validate(Approvers, load_yaml(read_text(path, name), name)).approvers]


def load_archive(root: Path, source_dir: str = "guideline") -> list[ApprovedVersion]:
    """Every archived version, oldest first. A changed or missing archived file is an error: the archive is evidence."""
    versions, errors = [], []
    for folder in sorted((root / ARCHIVE).glob("retningslinje-v*")):
        relative = f"{ARCHIVE}/{folder.name}"
        record_name = f"{relative}/{RECORD}"
        try:
            record = validate(ApprovalRecord, load_yaml(read_text(folder / RECORD, record_name), record_name))
        except FileNotFoundError:
            errors.append(
                ContentError(
                    relative, None, f"mappa manglar {RECORD}; arkivet blir skrive av «make approve», ikkje for hand"
                )
            )
            continue
        except ContentErrors as exc:
            errors += exc.errors
            continue
        for file, digest in record.files.items():
            if not (folder / file).is_file() or sha256(folder / file) != digest:
                errors.append(
                    ContentError(
                        f"{relative}/{file}",
                        None,
                        "fila er endra eller borte etter godkjenninga; hent henne tilbake frå git (arkivet skal ikkje endrast)",
                    )
                )
        if folder.name != folder_name(record.version):
            errors.append(
                ContentError(
                    record_name, None, f"versjonen {record.version} høyrer heime i mappa {folder_name(record.version)}"
                )
            )
        try:
            guideline = load_guideline(folder, source_dir)
        except ContentErrors as exc:
            errors += [ContentError(f"{relative}/{e.file}", e.line, e.message) for e in exc.errors]
            continue
        versions.append(ApprovedVersion(record, relative, guideline))
    if errors:
        raise ContentErrors(errors)
    return sorted(versions, key=lambda v: version_key(v.version))


def chapter_texts(root: Path, guideline: Guideline) -> dict[str, str]:
    """Each chapter file's text by file name, in reading order: what an approval covers."""
    return {Path(c.heading.file).name: (root / c.heading.file).read_text(encoding="utf-8") for c in guideline.chapters}


def approval_errors(
    guideline: Guideline, root: Path, approvers: list[str], archive: list[ApprovedVersion], today: dt.date
) -> list[ContentError]:
    """The rules every build keeps: approved only by a listed approver, sane dates, versions that only go up,
    a change log in order, and no unapproved text under status «godkjend»."""
    meta, document = guideline.metadata, guideline.document
    errors = []
    if meta.status == "godkjend" and meta.approved_by is not None and meta.approved_by not in approvers:
        known = ", ".join(approvers) or "ingen er førte opp enno (lokalt val)"
        errors.append(
            document.error(
                ("approved_by",),
                (
                    f"«{meta.approved_by}» står ikkje i lista over godkjennarar (guideline/{APPROVERS}: {known}); "
                    "berre ein godkjennar derifrå kan godkjenne"
                ),
            )
        )
    if meta.approved_date and meta.approved_date > today:
        errors.append(
            document.error(
                ("approved_date",),
                f"godkjenningsdatoen {norwegian_date(meta.approved_date)} er fram i tid; skriv datoen då retningslinja vart godkjend",
            )
        )
    if meta.approved_date and meta.valid_from and meta.valid_from < meta.approved_date:
        errors.append(
            document.error(
                ("valid_from",),
                "retningslinja kan ikkje gjelde frå ein dato før ho vart godkjend; set valid_from til godkjenningsdatoen eller seinare",
            )
        )
    entries = meta.changelog
    for index in range(1, len(entries)):
        newer, older = entries[index - 1], entries[index]
        if version_key(older.version) >= version_key(newer.version):
            errors.append(
                document.error(
                    ("changelog", index, "version"),
                    f"endringsloggen skal ha nyaste versjon først: {older.version} står under {newer.version}",
                )
            )
        elif older.date > newer.date:
            errors.append(
                document.error(
                    ("changelog", index, "date"),
                    f"versjon {older.version} er datert etter den nyare versjonen {newer.version}; rett datoane",
                )
            )
    if not archive:
        if meta.status == "godkjend":
            errors.append(_not_archived(document, meta.version))
        return errors
    last = archive[-1]
    if version_key(meta.version) < version_key(last.version):
        errors.append(
            document.error(
                ("version",),
                f"versjon {meta.version} er lågare enn den sist godkjende versjonen {last.version} ({last.folder}); versjonar går berre oppover",
            )
        )
    elif meta.version == last.version:
        changed = _changed_chapters(chapter_texts(root, guideline), chapter_texts(root / last.folder, last.guideline))
        if changed and meta.status == "godkjend":
            errors.append(
                document.error(
                    ("version",),
                    (
                        f"versjon {meta.version} vart godkjend slik ho står i {last.folder}, men {', '.join(changed)} er endra sidan. "
                        "Set status: utkast og auk versjonen (til dømes frå 1.0 til 1.1) i same endring, så blir det nye godkjent for seg"
                    ),
                )
            )
        record = last.record
        for key in ("approved_by", "approved_date", "valid_from"):
            if meta.status == "godkjend" and getattr(meta, key) != getattr(record, key):
                errors.append(
                    document.error(
                        (key,),
                        f"{key} skil seg frå det som vart arkivert for versjon {meta.version} ({getattr(record, key)}); ei godkjenning blir ikkje endra i ettertid",
                    )
                )
    elif meta.status == "godkjend":
        errors.append(_not_archived(document, meta.version))
    return errors


def _not_archived(document, version: str) -> ContentError:
    return document.error(
        ("status",),
        (
            f"versjon {version} har status godkjend, men er ikkje arkivert i {ARCHIVE}/{folder_name(version)}; "
            "godkjennaren køyrer «make approve» og sender arkivet med i same endring"
        ),
    )


def _changed_chapters(current: dict[str, str], approved: dict[str, str]) -> list[str]:
    names = [name for name in current if approved.get(name) != current[name]]
    names += [f"{name} (teken bort)" for name in approved if name not in current]
    if not names and list(current) != list(approved):
        names = ["rekkjefølgja på kapitla"]
    return names


def overdue_error(guideline: Guideline, today: dt.date) -> ContentError | None:
    """A passed review date: an error for the approver's check, and shown to readers by the page itself."""
    meta = guideline.metadata
    if not meta.is_overdue(today):
        return None
    return guideline.document.error(
        ("review_by",),
        (
            f"revisjonsdatoen {norwegian_date(meta.review_by)} er passert. Revider retningslinja saman med fagansvarleg, "
            "og set ny revisjonsdato (review_by) når ho er gjennomgått"
        ),
    )


def check_approval(
    root: Path, guideline: Guideline, source_dir: str, today: dt.date
) -> tuple[list[ApprovedVersion], list[ContentError]]:
    """The archive (oldest first) and every broken approval rule, for the build and the approver's check."""
    try:
        approvers = load_approvers(root, source_dir)
        archive = load_archive(root, source_dir)
    except ContentErrors as exc:
        return [], exc.errors
    return archive, approval_errors(guideline, root, approvers, archive, today)
