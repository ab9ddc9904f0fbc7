"""Command line for IT: serve, export completions to a file, import the roster, delete old records, show the
configuration in use. Settings come from KOORD_TRACKER_* variables or the file in KOORD_TRACKER_CONFIG."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import secrets
import sys
from contextlib import contextmanager
from pathlib import Path

from pydantic import SecretStr

from . import db
from .settings import Settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="koord-tracker", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the site at / and the API at /api")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    export = commands.add_parser("export", help="write completions or the missing list to a file (CSV or .xlsx)")
    export.add_argument("--report", choices=["completions", "missing"], default="completions",
                        help="completions: passed attempts; missing: who must complete a module and holds no valid completion")
    export.add_argument("--out", type=Path, required=True)
    export.add_argument("--unit")
    export.add_argument("--module")
    export.add_argument("--from", dest="start", type=_date, help="completions only")
    export.add_argument("--to", dest="end", type=_date, help="completions only")
    export.add_argument("--format", choices=["excel", "rfc4180", "xlsx"], help="default: xlsx for a .xlsx file, else excel (CSV)")
    roster = commands.add_parser("import-roster", help="replace the roster with a CSV file from HR")
    roster.add_argument("file", type=Path)
    purge = commands.add_parser("purge", help="delete records kept longer than validity + retention")
    purge.add_argument("--dry-run", action="store_true")
    commands.add_parser("config", help="show the configuration in use (secrets hidden)")
    receipt = commands.add_parser("check-receipt", help="check a printed receipt against the record (exit 0: it matches)")
    receipt.add_argument("attempt_id", help="«Kontrollnummer» on the receipt")
    receipt.add_argument("--employee", help="«Tilsettnummer»")
    receipt.add_argument("--module", help="the module's id, as in the receipt's «Modul-id»")
    receipt.add_argument("--version", help="«Versjon»")
    receipt.add_argument("--score", help="the per cent in «Resultat», without %%")
    receipt.add_argument("--date", help="«Dato», dd.mm.åååå")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = Settings(**{k: v for k, v in {"host": getattr(args, "host", None), "port": getattr(args, "port", None)}.items() if v})
    commands_ = {"serve": _serve, "export": _export, "import-roster": _import_roster, "purge": _purge, "config": _config, "check-receipt": _check_receipt}
    return commands_[args.command](settings, args)


def _date(text: str) -> dt.date:
    from .routers.reports import EARLIEST, LATEST

    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"«{text}» er ikkje ein dato: skriv ÅÅÅÅ-MM-DD") from None
    if not EARLIEST <= day <= LATEST:
        raise argparse.ArgumentTypeError(f"{text} er utanfor {EARLIEST}–{LATEST}")
    return day


def _serve(settings: Settings, args) -> int:
    import uvicorn

    from .main import create_app
    from .server import config, warn_if_exposed

    warn_if_exposed(settings)
    if settings.admin_token is None and settings.identity == "form" and settings.host in ("127.0.0.1", "localhost", "::1"):
        settings = settings.model_copy(update={"admin_token": _local_token(settings.data_dir)})
    uvicorn.Server(config(create_app(settings), settings)).run()
    return 0


def _local_token(data_dir: Path) -> SecretStr:
    """A trial on 127.0.0.1 with no token set: make one on first start, print it once, keep it in the data folder
    (readable by this user only) so that the manager page works out of the box."""
    path = data_dir / "admin-token"
    data_dir.mkdir(parents=True, exist_ok=True)
    if path.is_file():
        print(f"Tilgangsnøkkel for Leiaroversikt: sjå {path}", flush=True)
        return SecretStr(path.read_text(encoding="utf-8").strip())
    token = secrets.token_urlsafe(32)
    path.touch(mode=0o600)
    path.write_text(token + "\n", encoding="utf-8")
    print(f"Tilgangsnøkkel for Leiaroversikt (blir vist berre no, og ligg i {path}):\n  {token}", flush=True)
    return SecretStr(token)


def _export(settings: Settings, args) -> int:
    from . import exports
    from .manifest import load_manifest

    fmt = args.format or ("xlsx" if args.out.suffix.lower() == ".xlsx" else "excel")
    filters = {"unit": args.unit, "module": args.module, "from": args.start, "to": args.end, "format": fmt}
    units = [args.unit] if args.unit else None
    manifest = load_manifest(settings.manifest, settings.timezone)
    with _engine(settings) as engine:
        try:
            exports.check_filters(engine, manifest, args.unit, args.module)
        except exports.FilterError as exc:
            print(f"Ingen fil skriven: {exc}", file=sys.stderr)
            return 2
        if args.report == "completions":
            table = exports.completions(settings, engine, manifest, units, args.module, args.start, args.end)
        else:
            table = exports.missing(settings, engine, manifest, units, args.module)
        exports.audit(engine, "cli", args.report, filters)
        with args.out.open("wb") as out:
            count = exports.write(table, fmt, out)
    print(f"Skreiv {count} rader til {args.out}")
    return 0


def _check_receipt(settings: Settings, args) -> int:
    from . import receipts

    try:
        date = receipts.parse_date(args.date) if args.date else None
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    claimed = {"employee": args.employee, "module": args.module, "version": args.version, "score": args.score and args.score.rstrip(" %"), "date": date}
    with _engine(settings) as engine:
        differences = receipts.check(engine, settings.timezone, args.attempt_id.strip(), claimed)
    if differences:
        print("Kvitteringa stemmer IKKJE med registreringa:", *(f"  {d}" for d in differences), sep="\n")
        return 1
    checked = ", ".join(key for key, value in claimed.items() if value) or "berre id-en"
    print(f"Kvitteringa stemmer med registreringa (kontrollert: {checked}).")
    return 0


def _import_roster(settings: Settings, args) -> int:
    from .manifest import load_manifest
    from .roster import RosterError, decode, parse_roster

    try:
        text, encoding = decode(args.file.read_bytes())
        people = parse_roster(text, load_manifest(settings.manifest, settings.timezone).role_ids)
    except RosterError as exc:
        print(f"{args.file}: personallista er ikkje lesen inn, og den gamle gjeld framleis. {exc}", file=sys.stderr)
        return 1
    with _engine(settings) as engine:
        db.replace_roster(engine, people)
    print(f"Las inn {len(people)} personar frå {args.file} ({encoding})")
    return 0


def _purge(settings: Settings, args) -> int:
    from .manifest import load_manifest

    manifest = load_manifest(settings.manifest, settings.timezone)
    now = dt.datetime.now(dt.UTC)
    total = 0
    with _engine(settings) as engine:
        for module in manifest.modules:
            cutoff = now - dt.timedelta(days=31 * (module.validity_months + settings.retention_months))
            total += db.delete_attempts_before(engine, cutoff, args.dry_run, module_id=module.id)
        # Modules no longer published: keep them for the retention period only.
        cutoff = now - dt.timedelta(days=31 * settings.retention_months)
        total += db.delete_attempts_before(engine, cutoff, args.dry_run, not_in=[m.id for m in manifest.modules])
    print(f"{'would delete' if args.dry_run else 'deleted'} {total} attempts")
    return 0


def _config(settings: Settings, args) -> int:
    shown = json.loads(settings.model_dump_json())
    shown["database_url"] = _hide_password(settings.url)
    shown["admin_token"] = "(set)" if settings.admin_token else None
    print(json.dumps(shown, indent=2, ensure_ascii=False))
    return 0


@contextmanager
def _engine(settings: Settings):
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = db.make_engine(settings.url, settings.busy_seconds)
    try:
        yield engine
    finally:
        engine.dispose()


def _hide_password(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


if __name__ == "__main__":
    raise SystemExit(main())
