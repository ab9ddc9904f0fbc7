"""Kommandolinja for IT: køyr tenesta, oppgrader databasen, skriv uttrekk, les inn eller tøm personallista, slett gamle resultat,
ta og les inn tryggingskopi, kontroller ei kvittering, vis innstillingane. Innstillingane kjem frå
KOORD_TRACKER_*-variablar eller fila i KOORD_TRACKER_CONFIG (sjå IT-sida).

A mistake (a setting, a file, a taken port, a refused roster) is one Norwegian line on stderr and exit status 2,
never a traceback; argparse's own messages are Norwegian too."""

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
from .settings import MIN_TOKEN, ConfigError, Settings, config_file, load_settings

# argparse's messages (Python 3.11) in Norwegian; argparse looks them up through its module's `_` at run time.
_ARGPARSE = {
    "usage: ": "bruk: ",
    "positional arguments": "argument",
    "options": "val",
    "show this help message and exit": "vis denne hjelpa og avslutt",
    "the following arguments are required: %s": "dette manglar: %s",
    "unrecognized arguments: %s": "ukjende argument: %s",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "«%(value)s» er ikkje eit val; vel mellom %(choices)s",
    "invalid %(type)s value: %(value)r": "«%(value)s» er ikkje ein gyldig verdi",
    "expected one argument": "manglar ein verdi",
    "expected at most one argument": "tek høgst éin verdi",
    "expected at least one argument": "manglar ein verdi",
    "ambiguous option: %(option)s could match %(matches)s": "%(option)s kan vere fleire val: %(matches)s",
    "not allowed with argument %s": "kan ikkje brukast saman med %s",
    "ignored explicit argument %r": "«%s» er ikkje venta her",
    "one of the arguments %s is required": "eitt av desse må vere med: %s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "«%(parser_name)s» er ikkje ein kommando; vel mellom %(choices)s",
}


def _norwegian(message: str) -> str:
    return _ARGPARSE.get(message, message)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):
        # One line instead of argparse's usage block and «error:»; --help shows the whole usage.
        print(f"{self.prog}: {message}. Sjå «{self.prog} --help».", file=sys.stderr)
        raise SystemExit(2)


def _parser() -> argparse.ArgumentParser:
    # argparse looks its messages up through these module-level gettext names; there is no other way in.
    vars(argparse).update(_=_norwegian, ngettext=lambda singular, plural, n: _norwegian(singular if n == 1 else plural))
    parser = _Parser(prog="koord-tracker", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True, metavar="KOMMANDO")
    serve = commands.add_parser("serve", help="køyr tenesta: nettstaden på / og API-et på /api")
    serve.add_argument("--host", help="adressa tenesta lyttar på (KOORD_TRACKER_HOST)")
    serve.add_argument("--port", type=int, help="porten tenesta lyttar på (KOORD_TRACKER_PORT)")
    serve.add_argument(
        "--check-port",
        action="store_true",
        help="sjå berre etter at porten er ledig, og avslutt (make serve gjer det før bygget)",
    )
    commands.add_parser(
        "upgrade",
        help="oppgrader databasen til denne versjonen av sporingstenesta (tek vare på alle rader); "
        "tenestefila og make serve køyrer han før start",
    )
    export = commands.add_parser(
        "export",
        help="skriv gjennomføringar, manglar-lista, lesestadfestingane eller meldingane frå lesarar til ei fil (CSV eller .xlsx)",
    )
    export.add_argument(
        "--report",
        choices=["completions", "missing", "read-confirmations", "feedback"],
        default="completions",
        help="completions: beståtte forsøk; missing: kven som skal ta ein modul og manglar gyldig gjennomføring; "
        "read-confirmations: kven som skal stadfeste at dei har lese retningslinja, og om dei har gjort det; "
        "feedback: meldingane frå lesarar til redaktørane",
    )
    export.add_argument("--out", type=Path, required=True, help="fila som skal skrivast (.xlsx eller .csv)")
    export.add_argument("--unit", help="berre denne eininga")
    export.add_argument("--module", help="berre denne modulen (modul-id)")
    export.add_argument(
        "--from", dest="start", type=_date, help="frå og med denne datoen, ÅÅÅÅ-MM-DD (berre completions)"
    )
    export.add_argument("--to", dest="end", type=_date, help="til og med denne datoen, ÅÅÅÅ-MM-DD (berre completions)")
    export.add_argument(
        "--format", choices=["excel", "rfc4180", "xlsx"], help="standard: xlsx for ei .xlsx-fil, elles excel (CSV)"
    )
    roster = commands.add_parser("import-roster", help="byt ut personallista med ei CSV-fil frå HR")
    roster.add_argument("file", type=Path, metavar="FIL")
    empty = commands.add_parser(
        "empty-roster", help="tøm personallista med vilje (resultata blir ikkje rørte); blir logga"
    )
    empty.add_argument("--confirm", action="store_true", help="stadfest at alle skal takast bort frå personallista")
    purge = commands.add_parser(
        "purge", help="slett resultat, lesestadfestingar og meldingar frå lesarar som er eldre enn oppbevaringstida"
    )
    purge.add_argument("--dry-run", action="store_true", help="vis berre kor mange som ville blitt sletta")
    backup = commands.add_parser("backup", help="skriv ein tryggingskopi av SQLite-databasen medan tenesta køyrer")
    backup.add_argument("file", type=Path, metavar="FIL", help="ny fil for tryggingskopien")
    restore = commands.add_parser("restore", help="les inn ein tryggingskopi i ei datamappe utan database")
    restore.add_argument("file", type=Path, metavar="FIL", help="tryggingskopien")
    commands.add_parser("config", help="vis innstillingane som er i bruk (utan løyndomar)")
    receipt = commands.add_parser(
        "check-receipt", help="kontroller ei utskriven kvittering mot registreringa (kode 0: ho stemmer)"
    )
    receipt.add_argument("attempt_id", metavar="KONTROLLNUMMER", help="«Kontrollnummer» på kvitteringa")
    receipt.add_argument("--employee", help="«Tilsettnummer»")
    receipt.add_argument("--module", help="«Modul-id»")
    receipt.add_argument("--version", help="«Versjon»")
    receipt.add_argument("--score", help="prosenten i «Resultat», utan %%")
    receipt.add_argument("--date", help="«Dato», dd.mm.åååå")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    overrides = {
        k: v
        for k, v in {"host": getattr(args, "host", None), "port": getattr(args, "port", None)}.items()
        if v is not None
    }
    commands = {
        "serve": _serve,
        "upgrade": _upgrade,
        "export": _export,
        "import-roster": _import_roster,
        "empty-roster": _empty_roster,
        "purge": _purge,
        "backup": _backup,
        "restore": _restore,
        "config": _config,
        "check-receipt": _check_receipt,
    }
    try:
        return commands[args.command](load_settings(**overrides), args)
    except ConfigError as exc:
        print(f"koord-tracker {args.command}: {exc}", file=sys.stderr)
        return 2


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
    from .startup import base_url, bind, writable_folder

    # The port first: a taken port is said before anything else is printed or built.
    sock = bind(settings)
    try:
        if args.check_port:
            return 0
        warn_if_exposed(settings)
        app = create_app(settings)
        if (
            settings.admin_token is None
            and settings.identity == "form"
            and settings.host in ("127.0.0.1", "localhost", "::1")
        ):
            writable_folder(settings.data_dir, "data_dir")
            app.state.settings = settings = settings.model_copy(update={"admin_token": _local_token(settings.data_dir)})
        _banner(settings, base_url(settings, sock))
        uvicorn.Server(config(app, settings)).run(sockets=[sock])
    finally:
        sock.close()
    return 0


def _upgrade(settings: Settings, args) -> int:
    from .backup import summary
    from .migrations import described
    from .startup import shown_url, upgrade_database

    done = upgrade_database(settings)
    where = shown_url(settings.url)
    if done.new:
        print(f"Databasen {where} er oppretta, på revisjon {done.after}.")
    elif done.before == done.after:
        print(f"Databasen {where} er alt på revisjon {done.after}, den nyaste; ingenting er endra.")
    else:
        print(
            f"Databasen {where} er oppgradert frå revisjon {described(done.before)} til {done.after}; alle rader er tekne vare på "
            f"({summary(done.rows)})."
        )
    return 0


def _banner(settings: Settings, base: str) -> None:
    if settings.site_dir:
        lines = [
            "==> Sporingstenesta køyrer. Opne:",
            f"    Nettstaden:      {base}/",
            f"    Leiaroversikt:   {base}/leiar/",
        ]
    else:
        lines = [f"==> Sporingstenesta køyrer på {base}/api/v1/ (berre API-et: webtenaren viser nettstaden)."]
    print(*lines, "    Stopp med Ctrl+C.", sep="\n", flush=True)


def _local_token(data_dir: Path) -> SecretStr:
    """A trial on 127.0.0.1 with no token set: make one on first start, print it once, keep it in the data folder
    (readable by this user only) so that the manager page works out of the box."""
    path = data_dir / "admin-token"
    if path.is_file():
        token = path.read_text(encoding="utf-8").strip()
        if len(token) < MIN_TOKEN:
            raise ConfigError(
                f"Tilgangsnøkkelen i {path} er kortare enn {MIN_TOKEN} teikn. Slett fila, så lagar «koord-tracker serve» ein ny."
            )
        print(f"Tilgangsnøkkel for Leiaroversikt: sjå {path}", flush=True)
        return SecretStr(token)
    token = secrets.token_urlsafe(32)
    path.touch(mode=0o600)
    path.write_text(token + "\n", encoding="utf-8")
    print(f"Tilgangsnøkkel for Leiaroversikt (blir vist berre no, og ligg i {path}):\n  {token}", flush=True)
    return SecretStr(token)


def _output(path: Path):
    """The export's file, opened before anything is logged, so that a wrong folder costs nothing."""
    try:
        return path.open("wb")
    except FileNotFoundError:
        raise ConfigError(
            f"Mappa {path.absolute().parent} finst ikkje. Lag henne, eller skriv fila ein annan stad."
        ) from None
    except OSError:
        raise ConfigError(
            f"Kan ikkje skrive fila {path.absolute()}: brukaren har ikkje skriveløyve der, eller stien er ei mappe."
        ) from None


def _export(settings: Settings, args) -> int:
    from . import exports
    from .manifest import load_manifest

    fmt: exports.Format = args.format or ("xlsx" if args.out.suffix.lower() == ".xlsx" else "excel")
    request = exports.ExportRequest(args.report, fmt, args.unit, args.module, args.start, args.end)
    manifest = load_manifest(settings.manifest, settings.timezone, settings.edition)
    with _engine(settings) as engine:
        try:
            exports.check_filters(engine, manifest, args.unit, args.module)  # before the file is opened: no empty file
        except exports.FilterError as exc:
            raise ConfigError(f"Ingen fil skriven: {exc}") from None
        with _output(args.out) as out:
            exports.begin(engine, manifest, "cli", request)
            count = exports.write(
                exports.table(settings, engine, manifest, [args.unit] if args.unit else None, request), fmt, out
            )
    print(f"Skreiv {count} rader til {args.out}")
    return 0


def _check_receipt(settings: Settings, args) -> int:
    from . import receipts

    try:
        date = receipts.parse_date(args.date) if args.date else None
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    claimed = {
        "employee": args.employee,
        "module": args.module,
        "version": args.version,
        "score": args.score and args.score.rstrip(" %"),
        "date": date,
    }
    with _engine(settings) as engine:
        differences = receipts.check(engine, settings.timezone, args.attempt_id.strip(), claimed)
    if differences:
        print("Kvitteringa stemmer IKKJE med registreringa:", *(f"  {d}" for d in differences), sep="\n")
        return 1
    checked = ", ".join(receipts.NAMES[key] for key, value in claimed.items() if value) or "berre kontrollnummeret"
    print(f"Kvitteringa stemmer med registreringa (kontrollert: {checked}).")
    return 0


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"Finn ikkje fila {path.absolute()}.") from None
    except OSError:
        raise ConfigError(
            f"Kan ikkje lese fila {path.absolute()}: brukaren har ikkje lesetilgang, eller stien er ei mappe."
        ) from None


def _import_roster(settings: Settings, args) -> int:
    from .manifest import load_manifest
    from .roster import RosterError, decode, parse_roster

    data = _read(args.file)
    roles = load_manifest(settings.manifest, settings.timezone, settings.edition).role_ids
    try:
        text, encoding = decode(data)
        people = parse_roster(text, roles)
    except RosterError as exc:
        raise ConfigError(
            f"{args.file}: personallista er ikkje lesen inn, og den gamle gjeld framleis. {exc}"
        ) from None
    with _engine(settings) as engine:
        db.replace_roster(engine, people)
    print(f"Las inn {len(people)} personar frå {args.file} ({encoding})")
    return 0


def _empty_roster(settings: Settings, args) -> int:
    with _engine(settings) as engine:
        if not args.confirm:
            count = len(db.roster_people(engine))
            raise ConfigError(
                f"Dette tek bort alle {count} personane i personallista, og med dei kven som er leiar for kva eining "
                "(resultata blir ikkje rørte). Køyr «koord-tracker empty-roster --confirm» om du meiner det."
            )
        count = db.empty_roster(engine, "cli")
    print(f"Personallista er tømd: {count} personar tekne bort. Dette er logga saman med uttrekka.")
    return 0


def _purge(settings: Settings, args) -> int:
    from .manifest import load_manifest

    manifest = load_manifest(settings.manifest, settings.timezone, settings.edition)
    now = dt.datetime.now(dt.UTC)
    total = 0
    with _engine(settings) as engine:
        for module in manifest.modules:
            cutoff = now - dt.timedelta(days=31 * (module.validity_months + settings.retention_months))
            total += db.delete_attempts_before(engine, cutoff, args.dry_run, module_id=module.id)
        # Modules no longer published: keep them for the retention period only.
        cutoff = now - dt.timedelta(days=31 * settings.retention_months)
        total += db.delete_attempts_before(engine, cutoff, args.dry_run, not_in=[m.id for m in manifest.modules])
        keep = manifest.guideline.major if manifest.guideline else None
        confirmations = db.delete_confirmations_before(
            engine, now - dt.timedelta(days=31 * settings.confirmation_retention_months), args.dry_run, keep
        )
        messages = db.delete_feedback_before(
            engine, now - dt.timedelta(days=31 * settings.feedback_retention_months), args.dry_run
        )
    what = (
        f"{total} forsøk, {confirmations} {'lesestadfesting' if confirmations == 1 else 'lesestadfestingar'} og "
        f"{messages} {'melding' if messages == 1 else 'meldingar'} frå lesarar"
    )
    if args.dry_run:
        print(f"Prøvekøyring: {what} ville blitt sletta. Ingenting er sletta.")
    else:
        print(f"Sletta {what}.")
    return 0


def _backup(settings: Settings, args) -> int:
    from .backup import backup, summary

    found = backup(settings, args.file)
    print(f"Tryggingskopi skriven til {args.file.absolute()}: {summary(found)}.")
    return 0


def _restore(settings: Settings, args) -> int:
    from .backup import restore, summary

    found = restore(settings, args.file)
    print(f"Las inn tryggingskopien {args.file.absolute()} i {settings.data_dir}: {summary(found)}. Start tenesta no.")
    return 0


def _config(settings: Settings, args) -> int:
    from .startup import shown_url

    shown = json.loads(settings.model_dump_json())
    shown["database_url"] = shown_url(settings.url)
    shown["admin_token"] = "(sett)" if settings.admin_token else None
    shown["config_file"] = str(config_file()) if config_file() else None
    print(json.dumps(shown, indent=2, ensure_ascii=False))
    return 0


@contextmanager
def _engine(settings: Settings):
    from .startup import open_database

    engine = open_database(settings)
    try:
        yield engine
    finally:
        engine.dispose()


if __name__ == "__main__":
    raise SystemExit(main())
