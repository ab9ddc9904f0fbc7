"""The approver's commands.

    python -m tools.approve check     every approval rule, the review date and open points (make approval-check)
    python -m tools.approve archive   archive the approved version in approved/ (make approve)

Messages go to the terminal in nynorsk with file:line; the exit status is 1 when something must be fixed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml
from mkdocs.config import load_config

from content.addresses import Addresses
from content.dates import DEFAULT_ZONE as DEFAULT
from content.dates import today
from content.editions import EDITION_FILE, archive_folder, load_edition
from content.editions import RECORD as EDITION_RECORD
from content.errors import ContentError, ContentErrors
from content.guideline.approval import ARCHIVE, RECORD, check_approval, folder_name, overdue_error, sha256
from content.guideline.loader import load_guideline
from content.guideline.model import Guideline
from content.site import DEFAULT_SOURCES, Settings, load_site


def check(root: Path, source_dir: str, today: dt.date) -> list[ContentError]:
    """What stops an approval: everything the build checks, plus a passed review date (which only informs readers)."""
    guideline = load_guideline(root, source_dir)
    _, errors = check_approval(root, guideline, source_dir, today)
    overdue = overdue_error(guideline, today)
    return errors + ([overdue] if overdue else [])


def archive(root: Path, source_dir: str, today: dt.date, mkdocs: str) -> Path:
    """Copy the approved guideline into approved/, build the site to archive its print view, and write the record."""
    guideline = load_guideline(root, source_dir)
    meta = guideline.metadata
    if meta.status != "godkjend":
        raise ContentErrors(
            [
                guideline.document.error(
                    ("status",), "set status: godkjend, approved_by, approved_date og valid_from før du arkiverer"
                )
            ]
        )
    target = root / ARCHIVE / folder_name(meta.version)
    if target.exists():
        raise ContentErrors(
            [
                ContentError(
                    f"{ARCHIVE}/{target.name}",
                    None,
                    f"versjon {meta.version} er alt arkivert; ei godkjenning blir ikkje skriven over",
                )
            ]
        )
    try:
        files = _copy_sources(root, source_dir, guideline, target)
        _write_record(target, meta, files)
        errors = check(root, source_dir, today)
        if errors:
            raise ContentErrors(errors)
        (target / "utskrift.html").write_text(_print_view(root, mkdocs), encoding="utf-8")
        _write_record(target, meta, [*files, "utskrift.html"])
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    return target


def _copy_sources(root: Path, source_dir: str, guideline: Guideline, target: Path) -> list[str]:
    names = [guideline.metadata_file, *(c.heading.file for c in guideline.chapters)]
    for name in names:
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / name, target / name)
    return names


def _write_record(target: Path, meta, files: list[str]) -> None:
    record = {
        "version": meta.version,
        "approved_by": meta.approved_by,
        "approved_date": meta.approved_date.isoformat(),
        "valid_from": meta.valid_from.isoformat(),
        "files": {name: sha256(target / name) for name in files},
    }
    header = "# Skrive av «make approve». Ikkje endre: bygget samanliknar retningslinja med dette arkivet.\n"
    (target / RECORD).write_text(header + yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _print_view(root: Path, mkdocs: str, edition_id: str = "") -> str:
    """The built print page as one file: its stylesheets inlined and its scripts left out, so that it reads alone."""
    with tempfile.TemporaryDirectory() as site:
        environment = {**os.environ, "KOORD_EDITION": edition_id}
        result = subprocess.run(
            [mkdocs, "build", "--strict", "-d", site], cwd=root, capture_output=True, text=True, env=environment
        )
        if result.returncode != 0:
            raise ContentErrors(
                [
                    ContentError(
                        "mkdocs.yml",
                        None,
                        f"nettstaden kan ikkje byggjast, så utskriftsversjonen kan ikkje arkiverast:\n{result.stderr}",
                    )
                ]
            )
        page = Path(site) / _print_page(root)
        html = page.read_text(encoding="utf-8")

        def inline(match: re.Match) -> str:
            css = (page.parent / match.group(1)).resolve()
            return f"<style>{css.read_text(encoding='utf-8')}</style>" if css.is_file() else ""

        html = re.sub(r'<link rel="stylesheet" href="([^"]+)"[^>]*>', inline, html)
        return re.sub(r"<script\b.*?</script>", "", html, flags=re.DOTALL)


def edition_errors(root: Path, source_dir: str, edition_id: str, today: dt.date) -> list[ContentError]:
    """Every rule of a trust's edition (content/editions.py), checked as the build checks them."""
    site = load_site(
        Settings(
            root=root,
            docs_dir=root / "docs",
            sources={**DEFAULT_SOURCES, "guideline": source_dir},
            edition=edition_id,
            today=today,
            check_history=False,
        )
    )
    return [problem.error for problem in site.errors if problem.area in ("utgåva", "godkjenninga")]


def archive_edition(root: Path, source_dir: str, edition_id: str, today: dt.date, mkdocs: str) -> Path:
    """Archive the approved local part of a trust's edition in approved/utgaver/<id>/v<version>/: the edition file as
    approved, the edition's print view and the record."""
    loaded = load_edition(root, edition_id)
    approval = loaded.edition.approval
    if approval.status != "godkjend":
        raise ContentErrors(
            [
                loaded.document.error(
                    ("approval", "status"),
                    "set status: godkjend, guideline_version, approved_by, approved_date og valid_from under approval før du arkiverer",
                )
            ]
        )
    target = root / archive_folder(edition_id, approval.version)
    if target.exists():
        raise ContentErrors(
            [
                ContentError(
                    archive_folder(edition_id, approval.version),
                    None,
                    f"versjon {approval.version} av utgåva er alt arkivert; ei godkjenning blir ikkje skriven over",
                )
            ]
        )
    try:
        target.mkdir(parents=True)
        shutil.copy2(root / loaded.file, target / EDITION_FILE)
        _write_edition_record(target, loaded, [EDITION_FILE])
        errors = edition_errors(root, source_dir, edition_id, today)
        if errors:
            raise ContentErrors(errors)
        (target / "utskrift.html").write_text(_print_view(root, mkdocs, edition_id), encoding="utf-8")
        _write_edition_record(target, loaded, [EDITION_FILE, "utskrift.html"])
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    return target


def _write_edition_record(target: Path, loaded, files: list[str]) -> None:
    approval = loaded.edition.approval
    record = {
        "version": approval.version,
        "guideline_version": approval.guideline_version,
        "approved_by": approval.approved_by,
        "approved_date": approval.approved_date.isoformat(),
        "valid_from": approval.valid_from.isoformat(),
        "files": {name: sha256(target / name) for name in files},
    }
    header = (
        f"# Skrive av «make approve EDITION={loaded.id}». Ikkje endre: bygget samanliknar utgåva med dette arkivet.\n"
    )
    (target / EDITION_RECORD).write_text(
        header + yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )


def _print_page(root: Path) -> str:
    """Where the build wrote the print view: the guideline's address from koord/site, the page from the one table."""
    options = load_config(str(root / "mkdocs.yml")).plugins["koord/site"].config
    addresses = Addresses(guideline=options.guideline_address)
    url = addresses.url(addresses.guideline_page("utskrift"))
    return url + "index.html" if url.endswith("/") else url


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.approve", description="Godkjenning av retningslinja")
    parser.add_argument("command", choices=["check", "archive"])
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="mappa med mkdocs.yml")
    parser.add_argument("--source-dir", default="guideline")
    parser.add_argument(
        "--today", type=dt.date.fromisoformat, default=None, help="dagens dato (ÅÅÅÅ-MM-DD), for testar"
    )
    parser.add_argument("--time-zone", default=DEFAULT, help="tidssona «i dag» blir rekna i (same som nettstaden)")
    parser.add_argument("--mkdocs", default=str(Path(sys.executable).parent / "mkdocs"))
    parser.add_argument(
        "--edition", default="", help="utgåva til eit helseføretak (editions/<id>.yml); tom: den regionale teksten"
    )
    args = parser.parse_args(argv)
    args.today = args.today or today(args.time_zone)
    try:
        if args.command == "check":
            errors = check(args.root, args.source_dir, args.today)
            if args.edition:
                errors += edition_errors(args.root, args.source_dir, args.edition, args.today)
            if errors:
                raise ContentErrors(errors)
            print("Godkjenningskontrollen er i orden.")
        elif args.edition:
            target = archive_edition(args.root, args.source_dir, args.edition, args.today, args.mkdocs)
            print(
                f"Arkivert i {target.relative_to(args.root)}. Send arkivet med i same endring, og merk versjonen: "
                f"git tag {args.edition}-{target.name}"
            )
        else:
            target = archive(args.root, args.source_dir, args.today, args.mkdocs)
            version = target.name.removeprefix("retningslinje-v")
            print(
                f"Arkivert i {target.relative_to(args.root)}. Send arkivet med i same endring, og merk versjonen: git tag retningslinje-v{version}"
            )
    except ContentErrors as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
