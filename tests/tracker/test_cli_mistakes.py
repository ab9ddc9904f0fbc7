"""The real `koord-tracker` command, started from a folder that is not the project's, as IT runs it: every mistake in
a setting, a file or a folder is one Norwegian line on stderr that names the setting or file and what to do, exit
status 2, no traceback, and nothing changed; and the command finds the manifest and the data the same way from any
folder (relative to the settings file, or to the project folder)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, required
from tests.tracker.conftest import POSTGRES, _postgres_schema
from tests.tracker.live import free_port
from tests.tracker.test_reports import ROSTER

KOORD = str(Path(sys.executable).parent / "koord-tracker")
TOKEN = "cli-test-token-som-er-lang-nok-0123456789"


def run(args: list[str], cwd: Path, **settings: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KOORD_TRACKER_")}
    env.update({f"KOORD_TRACKER_{k.upper()}": v for k, v in settings.items()})
    return subprocess.run([KOORD, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def refused(result: subprocess.CompletedProcess) -> str:
    """The one line a mistake gets; it fails the test if there is more, a traceback, or another exit status."""
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and "Error" not in result.stderr, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.fixture
def elsewhere(tmp_path) -> Path:
    """A folder that is neither the project's nor the settings file's."""
    folder = tmp_path / "ein-annan-stad"
    folder.mkdir()
    return folder


@pytest.fixture
def config(tmp_path, manifest_file) -> Path:
    """A settings file with relative paths, as IT might keep one beside the data."""
    folder = tmp_path / "oppsett"
    folder.mkdir()
    shutil.copy(manifest_file, folder / "manifest.json")
    path = folder / "koord-tracker.toml"
    path.write_text('data_dir = "data"\nmanifest = "manifest.json"\nsite_dir = ""\n', encoding="utf-8")
    return path


def test_relative_paths_in_the_settings_file_are_found_from_any_folder(config, elsewhere, tmp_path):
    roster = tmp_path / "personal.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    imported = run(["import-roster", str(roster)], elsewhere, config=str(config))
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout == f"Las inn 5 personar frå {roster} (UTF-8)\n"
    assert (config.parent / "data" / "tracker.sqlite3").is_file()
    # From another folder again, with a relative output path: the same data, the file where it was asked for.
    other = tmp_path / "heilt-annan"
    other.mkdir()
    exported = run(["export", "--report", "missing", "--out", "manglar.csv"], other, config=str(config))
    assert exported.returncode == 0, exported.stderr
    assert (other / "manglar.csv").read_bytes().count(b"\r\n") > 1
    shown = json.loads(run(["config"], tmp_path, config=str(config)).stdout)
    assert shown["data_dir"] == str(config.parent / "data") and shown["manifest"] == str(
        config.parent / "manifest.json"
    )
    assert shown["config_file"] == str(config)


def test_without_settings_the_paths_are_the_project_folders_whatever_folder_it_is_started_in(elsewhere):
    shown = json.loads(run(["config"], elsewhere).stdout)
    assert shown["data_dir"] == str(ROOT / "var")
    assert shown["manifest"] == str(ROOT / "var" / "manifest.json")
    assert shown["site_dir"] == str(ROOT / "site")
    assert json.loads(run(["config"], Path("/")).stdout) == shown


def test_a_missing_manifest_says_where_it_was_looked_for_and_how_to_build_it(elsewhere, tmp_path):
    manifest = tmp_path / "finst-ikkje" / "manifest.json"
    line = refused(
        run(["export", "--out", "ut.csv"], elsewhere, data_dir=str(tmp_path / "data"), manifest=str(manifest))
    )
    assert line == (
        f"koord-tracker export: Finn ikkje manifestfila {manifest}. Byggjer nettstaden med «make site» i prosjektmappa "
        "(han skriv var/manifest.json), eller set KOORD_TRACKER_MANIFEST til der fila ligg."
    )
    assert not (elsewhere / "ut.csv").exists()


def test_a_missing_manifest_named_in_the_settings_file_names_the_file(config, elsewhere):
    config.write_text('data_dir = "data"\nmanifest = "borte.json"\n', encoding="utf-8")
    line = refused(run(["serve", "--port", str(free_port())], elsewhere, config=str(config)))
    assert line.startswith(f"koord-tracker serve: Finn ikkje manifestfila {config.parent / 'borte.json'}. ")
    assert line.endswith(f"eller set «manifest» i {config} til der fila ligg.")


def _read_only(folder: Path) -> list[str]:
    """How to run a command for which `folder` cannot be written: as root (who may write anywhere), in a mount
    namespace of its own where the folder is mounted read-only; otherwise as this user, with the folder read-only."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        return []
    unshare = required(shutil.which("unshare"), "unshare", "install util-linux")
    mount = f'mount --bind {folder} {folder} && mount -o remount,bind,ro {folder} && exec "$@"'
    return [unshare, "--mount", "--propagation", "private", "sh", "-c", mount, "sh"]


def test_a_data_folder_that_cannot_be_written(tmp_path, manifest_file, elsewhere):
    folder = tmp_path / "data"
    folder.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("KOORD_TRACKER_")}
    env.update(KOORD_TRACKER_DATA_DIR=str(folder), KOORD_TRACKER_MANIFEST=str(manifest_file))
    command = [*_read_only(folder), KOORD, "export", "--out", str(tmp_path / "ut.csv")]
    line = refused(subprocess.run(command, cwd=elsewhere, env=env, capture_output=True, text=True, timeout=120))
    assert line == (
        f"koord-tracker export: Kan ikkje skrive i datamappa {folder} (KOORD_TRACKER_DATA_DIR): brukaren som køyrer tenesta "
        "har ikkje skriveløyve der. Gje brukaren skriveløyve til mappa, eller vel ei anna."
    )
    assert list(folder.iterdir()) == []


# (settings, what the one line says); each run as `koord-tracker export` from another folder.
MISTAKES = [
    (
        {"admin_token": "abcd"},
        "KOORD_TRACKER_ADMIN_TOKEN er for kort (4 teikn). Tokenet må ha minst 32 teikn. Lag eit nytt med: "
        "python3 -c 'import secrets; print(secrets.token_urlsafe(32))'",
    ),
    ({"admin_token": ""}, "KOORD_TRACKER_ADMIN_TOKEN er tom. Tokenet må ha minst 32 teikn."),
    (
        {"proxy_addresses": "10.0.0.300"},
        "KOORD_TRACKER_PROXY_ADDRESSES: «10.0.0.300» er ikkje ei IP-adresse eller eit nett. Skriv adressene",
    ),
    (
        {"proxy_addresses": '["127.0.0.1/32"'},
        "KOORD_TRACKER_PROXY_ADDRESSES: verdien er ikkje ei gyldig liste. Skriv adressene",
    ),
    (
        {"admin_addresses": "127.0.0.1/32, tenaren"},
        "KOORD_TRACKER_ADMIN_ADDRESSES: «tenaren» er ikkje ei IP-adresse eller eit nett.",
    ),
    (
        {"identity": "sso"},
        "KOORD_TRACKER_IDENTITY kan ikkje vere «sso». Skriv form (deltakarane skriv inn kven dei er, til utprøving) eller proxy",
    ),
    ({"port": "http"}, "KOORD_TRACKER_PORT må vere eit heilt tal. Skriv eit portnummer mellom 1 og 65535"),
    ({"port": "70000"}, "KOORD_TRACKER_PORT kan vere høgst 65535."),
    (
        {"timezone": "Europe/Bergen"},
        "KOORD_TRACKER_TIMEZONE: «Europe/Bergen» er ikkje ei kjend tidssone. Skriv namnet på ei tidssone",
    ),
    ({"busy_seconds": "0"}, "KOORD_TRACKER_BUSY_SECONDS må vere meir enn 0."),
    (
        {"database_url": "ikkje ein url"},
        "KOORD_TRACKER_DATABASE_URL er ikkje ein database-URL. Skriv til dømes postgresql+psycopg://",
    ),
    (
        {"database_url": "mysql+ukjend://a:b@127.0.0.1/x"},
        "KOORD_TRACKER_DATABASE_URL bruker ein databasedrivar sporingstenesta ikkje har (mysql+ukjend).",
    ),
    (
        {"database_url": "postgresql+psycopg://koord:hemmeleg@127.0.0.1:1/koord"},
        "Får ikkje kontakt med databasen postgresql+psycopg://koord:***@127.0.0.1:1/koord (KOORD_TRACKER_DATABASE_URL): ingen databasetenar svarar "
        "på 127.0.0.1:1. Sjå at PostgreSQL køyrer, og at vert og port i URL-en stemmer.",
    ),
    ({"config": "/finst/ikkje.toml"}, "KOORD_TRACKER_CONFIG peikar på /finst/ikkje.toml, men den fila finst ikkje."),
]


@pytest.mark.parametrize(
    ("settings", "said"), MISTAKES, ids=[f"{next(iter(s))}={next(iter(s.values()))}" for s, _ in MISTAKES]
)
def test_each_wrong_setting_is_one_norwegian_line(settings, said, manifest_file, tmp_path, elsewhere):
    data = tmp_path / "data"
    line = refused(
        run(["export", "--out", "ut.csv"], elsewhere, data_dir=str(data), manifest=str(manifest_file), **settings)
    )
    assert line.startswith(f"koord-tracker export: {said}"), line
    assert "hemmeleg" not in line and "abcd" not in line, "never the secret itself"
    assert not (elsewhere / "ut.csv").exists()
    assert not data.exists(), "nothing is made before the settings are right"


def test_a_data_folder_that_is_a_file(tmp_path, manifest_file, elsewhere):
    file = tmp_path / "data"
    file.write_text("ikkje ei mappe", encoding="utf-8")
    line = refused(run(["purge", "--dry-run"], elsewhere, data_dir=str(file), manifest=str(manifest_file)))
    assert (
        line
        == f"koord-tracker purge: KOORD_TRACKER_DATA_DIR peikar på {file}, som er ei fil og ikkje ei mappe. Vel ei mappe for dataa."
    )


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            'data_dir = "data\nport = 1\n',
            "Innstillingsfila {path} (KOORD_TRACKER_CONFIG) har ein feil på linje 1: skriv kvar innstilling som namn = verdi",
        ),
        (
            'data_folder = "data"\n',
            "«data_folder» i {path} er ikkje ei innstilling sporingstenesta kjenner. Sjå etter skrivefeil; lista står på IT-sida.",
        ),
        ("port = 0\n", "«port» i {path} må vere minst 1."),
        ('admin_token = "for-kort"\n', "«admin_token» i {path} er for kort (8 teikn)."),
    ],
    ids=["syntax", "unknown key", "port", "token"],
)
def test_a_mistake_in_the_settings_file_names_the_file(config, elsewhere, text, said):
    config.write_text(text, encoding="utf-8")
    line = refused(run(["config"], elsewhere, config=str(config)))
    assert line.startswith(f"koord-tracker config: {said.format(path=config)}"), line


def test_a_manifest_that_is_not_one(tmp_path, elsewhere):
    broken = tmp_path / "manifest.json"
    broken.write_text("{ikkje json", encoding="utf-8")
    line = refused(run(["purge"], elsewhere, data_dir=str(tmp_path / "data"), manifest=str(broken)))
    assert line.startswith(
        f"koord-tracker purge: Fila {broken} er ikkje ei manifestfil frå bygget av nettstaden. Byggjer nettstaden med «make site»"
    )


def test_files_the_commands_read_or_write(manifest_file, tmp_path, elsewhere):
    settings = {"data_dir": str(tmp_path / "data"), "manifest": str(manifest_file)}
    line = refused(run(["import-roster", "finst-ikkje.csv"], elsewhere, **settings))
    assert line == f"koord-tracker import-roster: Finn ikkje fila {elsewhere / 'finst-ikkje.csv'}."
    line = refused(run(["export", "--out", str(tmp_path / "inga-mappe" / "ut.csv")], elsewhere, **settings))
    assert (
        line
        == f"koord-tracker export: Mappa {tmp_path / 'inga-mappe'} finst ikkje. Lag henne, eller skriv fila ein annan stad."
    )
    line = refused(run(["check-receipt", "x", "--date", "2. mars"], elsewhere, **settings))
    assert line == "koord-tracker check-receipt: «2. mars» er ikkje ein dato: skriv dd.mm.åååå som på kvitteringa"


def test_a_wrong_command_line_value_names_the_option(elsewhere):
    assert (
        refused(run(["serve", "--port", "0"], elsewhere))
        == "koord-tracker serve: --port må vere minst 1. Skriv eit portnummer mellom 1 og 65535, til dømes 8000."
    )


def test_argparse_speaks_norwegian_in_one_line(elsewhere):
    assert (
        refused(run(["export"], elsewhere))
        == "koord-tracker export: dette manglar: --out. Sjå «koord-tracker export --help»."
    )
    assert refused(run(["eksport"], elsewhere)).startswith(
        "koord-tracker: KOMMANDO: «eksport» er ikkje eit val; vel mellom 'serve', 'upgrade', 'export'"
    )
    assert refused(run(["export", "--out", "x", "--from", "22.11.2026"], elsewhere)) == (
        "koord-tracker export: --from: «22.11.2026» er ikkje ein dato: skriv ÅÅÅÅ-MM-DD. Sjå «koord-tracker export --help»."
    )
    assert "bruk: koord-tracker" in run(["--help"], elsewhere).stdout


def test_postgresql_that_refuses_the_login_or_lacks_the_database(manifest_file, tmp_path, elsewhere):
    required(
        POSTGRES,
        "PostgreSQL (KOORD_TEST_POSTGRES_URL)",
        "start PostgreSQL and set KOORD_TEST_POSTGRES_URL (bash .ci/postgres)",
    )
    from sqlalchemy.engine import make_url

    url = make_url(POSTGRES)
    wrong = url.set(password="feil-passord").render_as_string(hide_password=False)
    line = refused(run(["purge"], elsewhere, database_url=wrong, manifest=str(manifest_file)))
    assert line.endswith("brukarnamnet eller passordet vart ikkje godteke. Sjå over brukar og passord i URL-en."), line
    assert "feil-passord" not in line
    missing = url.set(database="finst_ikkje_koord").render_as_string(hide_password=False)
    line = refused(run(["purge"], elsewhere, database_url=missing, manifest=str(manifest_file)))
    assert line.endswith(
        "databasen «finst_ikkje_koord» finst ikkje på databasetenaren. Lag han, eller rett namnet i URL-en."
    ), line
    with _postgres_schema() as good:
        done = run(["purge", "--dry-run"], elsewhere, database_url=good, manifest=str(manifest_file))
    assert (
        done.returncode == 0
        and done.stdout
        == "Prøvekøyring: 0 forsøk, 0 lesestadfestingar og 0 meldingar frå lesarar ville blitt sletta. Ingenting er sletta.\n"
    )


@pytest.mark.parametrize(
    ("built_for", "served", "expected"),
    [
        (
            {"id": "helse-fonna", "name": "Helse Fonna HF"},
            "",
            "er bygd for utgåva til Helse Fonna HF (helse-fonna), men sporingstenesta er sett opp for den regionale utgåva (KOORD_TRACKER_EDITION)",
        ),
        (
            None,
            "helse-bergen",
            "er bygd for den regionale utgåva, men sporingstenesta er sett opp for utgåva «helse-bergen» (KOORD_TRACKER_EDITION)",
        ),
        (
            {"id": "helse-fonna", "name": "Helse Fonna HF"},
            "helse-bergen",
            "er bygd for utgåva til Helse Fonna HF (helse-fonna), men sporingstenesta er sett opp for utgåva «helse-bergen»",
        ),
    ],
)
def test_a_tracker_for_one_trust_refuses_another_editions_manifest(
    tmp_path, manifest_file, built_for, served, expected
):
    data = json.loads(manifest_file.read_text(encoding="utf-8"))
    data["edition"] = built_for
    other = tmp_path / "manifest.json"
    other.write_text(json.dumps(data), encoding="utf-8")
    port = str(free_port())
    line = refused(
        run(["serve", "--port", port], tmp_path, manifest=str(other), data_dir=str(tmp_path / "data"), edition=served)
    )
    assert expected in line
    assert not (tmp_path / "data" / "tracker.sqlite3").exists()


def test_a_tracker_set_up_for_the_edition_it_was_built_as_starts(tmp_path, manifest_file):
    data = json.loads(manifest_file.read_text(encoding="utf-8"))
    data["edition"] = {"id": "helse-fonna", "name": "Helse Fonna HF"}
    mine = tmp_path / "manifest.json"
    mine.write_text(json.dumps(data), encoding="utf-8")
    result = run(["config"], tmp_path, manifest=str(mine), edition="helse-fonna")
    assert result.returncode == 0 and '"edition": "helse-fonna"' in result.stdout, result.stderr
