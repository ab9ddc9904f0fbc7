"""Command line for IT: serve, export completions to a file, import the roster, delete old records, show the
configuration in use. Settings come from KOORD_TRACKER_* variables or the file in KOORD_TRACKER_CONFIG."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import sys
from contextlib import contextmanager
from pathlib import Path

from . import db
from .settings import Settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="koord-tracker", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the site at / and the API at /api")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    export = commands.add_parser("export", help="write completions as CSV to a file")
    export.add_argument("--out", type=Path, required=True)
    export.add_argument("--unit")
    export.add_argument("--module")
    export.add_argument("--from", dest="start", type=_date)
    export.add_argument("--to", dest="end", type=_date)
    export.add_argument("--format", choices=["excel", "rfc4180"], default="excel")
    roster = commands.add_parser("import-roster", help="replace the roster with a CSV file from HR")
    roster.add_argument("file", type=Path)
    purge = commands.add_parser("purge", help="delete records kept longer than validity + retention")
    purge.add_argument("--dry-run", action="store_true")
    commands.add_parser("config", help="show the configuration in use (secrets hidden)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = Settings(**{k: v for k, v in {"host": getattr(args, "host", None), "port": getattr(args, "port", None)}.items() if v})
    return {"serve": _serve, "export": _export, "import-roster": _import_roster, "purge": _purge, "config": _config}[args.command](settings, args)


def _date(text: str) -> dt.date:
    from .routers.reports import EARLIEST, LATEST

    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"«{text}» is not a date: write YYYY-MM-DD") from None
    if not EARLIEST <= day <= LATEST:
        raise argparse.ArgumentTypeError(f"{text} is outside {EARLIEST}–{LATEST}")
    return day


def _serve(settings: Settings, args) -> int:
    import uvicorn

    from .main import create_app

    # No access log: its URLs would carry employee numbers (GET /api/v1/me?employee=...). Exports are logged on
    # their own, with who, when and which filter; the reverse proxy keeps its own access log if IT wants one.
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="info", access_log=False)
    return 0


def _export(settings: Settings, args) -> int:
    from .manifest import load_manifest
    from .routers.reports import audit, completion_lines

    filters = {"unit": args.unit, "module": args.module, "from": args.start, "to": args.end, "format": args.format}
    units = [args.unit] if args.unit else None
    with _engine(settings) as engine, args.out.open("w", encoding="utf-8", newline="") as out:
        audit(engine, "cli", "completions", filters)
        out.writelines(completion_lines(settings, engine, load_manifest(settings.manifest), units, args.module, args.start, args.end, args.format))
    print(f"wrote {args.out}")
    return 0


def _import_roster(settings: Settings, args) -> int:
    from .roster import RosterError, parse_roster

    try:
        people = parse_roster(args.file.read_text(encoding="utf-8"))
    except (RosterError, UnicodeDecodeError) as exc:
        print(f"{args.file}: roster not imported: {exc}", file=sys.stderr)
        return 1
    with _engine(settings) as engine:
        db.replace_roster(engine, people)
    print(f"imported {len(people)} people from {args.file}")
    return 0


def _purge(settings: Settings, args) -> int:
    from .manifest import load_manifest

    manifest = load_manifest(settings.manifest)
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
    engine = db.make_engine(settings.url)
    try:
        yield engine
    finally:
        engine.dispose()


def _hide_password(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


if __name__ == "__main__":
    raise SystemExit(main())
