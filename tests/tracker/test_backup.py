"""Backup and restore as the IT page documents them: deploy/backup/backup.sh and restore.sh (which the page
includes), run by bash with the unit's paths moved into a temporary folder, against the tracker started as
deploy/systemd/koord-tracker.service starts it. The backup is taken while attempts keep coming in; the restore goes
into a fresh data folder, and the restarted tracker holds every row of the backup: exactly the attempts it had
acknowledged when the backup was taken, and the whole roster and export log."""

from __future__ import annotations

import os
import shlex
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx2 as httpx
import pytest

from tests.conftest import ROOT
from tests.test_deploy_nginx import unit_environment, unit_setting
from tests.tracker.conftest import attempt
from tests.tracker.live import free_port
from tests.tracker.test_reports import ROSTER
from tracker.cli import main

SCRIPTS = ROOT / "deploy" / "backup"
TOKEN = "backup-test-token-som-er-lang-nok-0123456789"
BIN = Path(sys.executable).parent


def substitutions(tmp: Path) -> dict[str, str]:
    """EVERY change made to the shipped commands, each of which must be in them: the unit's paths into this test's
    folder, and no change of user (there is no user `koord` here, and the test may run as root)."""
    return {
        "sudo -u koord ": "",
        "-o koord -g koord ": "",
        "/var/lib/koord-tracker": str(tmp / "var-lib" / "koord-tracker"),
        "/var/backups/koord-tracker": str(tmp / "backups"),
        "/opt/koord/venv/bin/koord-tracker": str(BIN / "koord-tracker"),
    }


def commands(name: str, tmp: Path) -> list[str]:
    """The shipped file's commands, one per entry (a line ending in \\ goes on), with `substitutions` applied."""
    text = (SCRIPTS / name).read_text(encoding="utf-8")
    for old, new in substitutions(tmp).items():
        text = text.replace(old, new)
    lines = [line for line in text.replace("\\\n", " ").splitlines() if line.strip() and not line.startswith("#")]
    return lines


class Unit:
    """The tracker as the unit starts it: its ExecStart and Environment=, with port, data and manifest moved."""

    def __init__(self, tmp: Path, manifest: Path):
        self.port = free_port()
        self.data = tmp / "var-lib" / "koord-tracker"
        self.env = (
            {k: v for k, v in os.environ.items() if not k.startswith("KOORD_TRACKER_")}
            | unit_environment(
                {
                    "KOORD_TRACKER_PORT": str(self.port),
                    "KOORD_TRACKER_DATA_DIR": str(self.data),
                    "KOORD_TRACKER_MANIFEST": str(manifest),
                }
            )
            | {"KOORD_TRACKER_ADMIN_TOKEN": TOKEN}
        )
        program, *self.arguments = shlex.split(unit_setting("ExecStart")[0])
        assert Path(program).name == "koord-tracker"
        self.log = tmp / "tracker.log"
        self.process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        # systemd makes the state directory (StateDirectory=) before it starts the service.
        self.data.mkdir(parents=True, exist_ok=True)
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [str(BIN / "koord-tracker"), *self.arguments],
                cwd=self.data,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text(errors="replace")
            try:
                if httpx.get(f"{self.base}/api/v1/health", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.05)
        raise AssertionError(f"the tracker did not start:\n{self.log.read_text(errors='replace')}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(15)


def run(line: str, unit: Unit) -> subprocess.CompletedProcess:
    """One documented command: `systemctl stop|start koord-tracker` is what systemd would do to the unit; anything
    else runs in bash as written."""
    if line == "systemctl stop koord-tracker":
        unit.stop()
        return subprocess.CompletedProcess(line, 0, "", "")
    if line == "systemctl start koord-tracker":
        unit.start()
        return subprocess.CompletedProcess(line, 0, "", "")
    return subprocess.run(
        ["bash", "-euo", "pipefail", "-c", line], capture_output=True, text=True, timeout=120, env=unit.env
    )


def run_all(lines: list[str], unit: Unit) -> list[subprocess.CompletedProcess]:
    """The lines in order. Those between two systemctl lines run in one bash, so that shell variables carry on from
    one line to the next, as when IT pastes the block; each must succeed."""
    results: list[subprocess.CompletedProcess] = []
    chunk: list[str] = []

    def flush() -> None:
        if chunk:
            result = run("\n".join(chunk), unit)
            assert result.returncode == 0, (chunk, result.stdout, result.stderr)
            results.append(result)
            chunk.clear()

    for line in lines:
        if line.startswith("systemctl "):
            flush()
            results.append(run(line, unit))
        else:
            chunk.append(line)
    flush()
    return results


def test_every_substitution_is_in_the_shipped_commands():
    text = "".join((SCRIPTS / name).read_text(encoding="utf-8") for name in ("backup.sh", "restore.sh"))
    for old in substitutions(Path("/x")):
        assert old in text, f"{old!r} is in neither script: update substitutions()"
    unit = (ROOT / "deploy" / "systemd" / "koord-tracker.service").read_text(encoding="utf-8")
    assert (
        "KOORD_TRACKER_DATA_DIR=/var/lib/koord-tracker" in unit
        and "ExecStart=/opt/koord/venv/bin/koord-tracker serve" in unit
    )


def test_backup_while_attempts_come_in_and_restore_into_a_fresh_folder(tmp_path, manifest_file):
    unit = Unit(tmp_path, manifest_file)
    unit.start()
    try:
        httpx.put(
            f"{unit.base}/api/v1/roster",
            content=ROSTER.encode(),
            headers={"Authorization": f"Bearer {TOKEN}"},
            timeout=10,
        ).raise_for_status()
        httpx.get(
            f"{unit.base}/api/v1/reports/compliance", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=10
        ).raise_for_status()
        acknowledged: list[str] = []
        stop = threading.Event()

        def learners() -> None:
            # One learner after another through the proxy's address, as nginx would send them.
            with httpx.Client(timeout=15) as client:
                n = 0
                while not stop.is_set():
                    body = {k: v for k, v in attempt().items() if k != "learner"}
                    response = client.post(
                        f"{unit.base}/api/v1/attempts", json=body, headers={"X-Remote-User": f"1000{n % 5 + 1}"}
                    )
                    assert response.status_code == 201, response.text
                    acknowledged.append(body["attempt_id"])
                    n += 1

        sender = threading.Thread(target=learners)
        sender.start()
        while len(acknowledged) < 50:
            time.sleep(0.01)
        before = len(acknowledged)
        backup = run_all(commands("backup.sh", tmp_path), unit)
        during = len(acknowledged)
        time.sleep(0.3)
        stop.set()
        sender.join(30)
        assert len(acknowledged) > during > before, "attempts kept coming in while the backup was taken"

        copies = sorted((tmp_path / "backups").glob("tracker-*.sqlite3"))
        assert len(copies) == 1
        said = backup[-1].stdout
        with sqlite3.connect(copies[0]) as conn:
            saved = [row[0] for row in conn.execute("SELECT attempt_id FROM attempts")]
        conn.close()
        assert (
            said
            == f"Tryggingskopi skriven til {copies[0]}: {len(saved)} forsøk, 5 personar i personallista, 1 linje i uttrekksloggen.\n"
        )
        # A consistent snapshot: every attempt acknowledged before the backup began, and then only attempts in the
        # order they were acknowledged, none missing between them.
        # (One attempt may have been on disk before the snapshot and acknowledged just after the command returned.)
        assert before <= len(saved) <= during + 1
        assert sorted(saved) == sorted(acknowledged[: len(saved)])
        assert not Path(f"{copies[0]}-wal").exists(), "the copy is one file"

        restored = run_all(commands("restore.sh", tmp_path), unit)
        assert [r.args for r in restored if isinstance(r.args, str) and r.args.startswith("systemctl")] == [
            "systemctl stop koord-tracker",
            "systemctl start koord-tracker",
        ]
        old = tmp_path / "var-lib" / "koord-tracker.gammal"
        assert (old / "tracker.sqlite3").is_file(), "the old data folder is kept aside"
        assert restored[1].stdout == (
            f"Las inn tryggingskopien {copies[0]} i {unit.data}: {len(saved)} forsøk, 5 personar i personallista, "
            "1 linje i uttrekksloggen. Start tenesta no.\n"
        )
        # The restarted tracker answers from the restored folder: every row of the backup, and nothing after it.
        auth = {"Authorization": f"Bearer {TOKEN}"}
        rows = (
            httpx.get(f"{unit.base}/api/v1/reports/completions.csv", headers=auth, timeout=10)
            .content.decode("utf-8-sig")
            .splitlines()
        )
        assert len(rows) - 1 == len(saved)
        scope = httpx.get(f"{unit.base}/api/v1/reports/scope", headers=auth, timeout=10).json()
        assert scope["units"] == ["Kirurgisk avdeling", "Medisinsk avdeling"]
        mine = httpx.get(f"{unit.base}/api/v1/me", headers={"X-Remote-User": "10001"}, timeout=10).json()["attempts"]
        assert {a["attempt_id"] for a in mine} == {a for i, a in enumerate(acknowledged[: len(saved)]) if i % 5 == 0}
    finally:
        unit.stop()


@pytest.fixture
def env(tmp_path, manifest_file, monkeypatch):
    for key in [k for k in os.environ if k.startswith("KOORD_TRACKER_")]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("KOORD_TRACKER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("KOORD_TRACKER_MANIFEST", str(manifest_file))
    return tmp_path


def test_backup_and_restore_never_write_over_anything(env, tmp_path, capsys, monkeypatch):
    copy = tmp_path / "kopi.sqlite3"
    assert main(["backup", str(copy)]) == 2
    assert capsys.readouterr().err == (
        f"koord-tracker backup: Finn ingen database i {tmp_path / 'data'} (KOORD_TRACKER_DATA_DIR). "
        "Sjå at datamappa er den same som tenesta bruker.\n"
    )
    roster = tmp_path / "personal.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    assert main(["import-roster", str(roster)]) == 0
    assert main(["backup", str(copy)]) == 0
    assert main(["backup", str(copy)]) == 2
    assert capsys.readouterr().err.endswith(
        f"{copy} finst alt. Vel eit nytt filnamn (til dømes med dagens dato), så blir ingen tryggingskopi skriven over.\n"
    )
    assert main(["backup", str(tmp_path / "inga-mappe" / "kopi.sqlite3")]) == 2
    assert "Mappa" in capsys.readouterr().err
    # Restore only into a data folder without a database.
    assert main(["restore", str(copy)]) == 2
    assert capsys.readouterr().err.startswith(
        f"koord-tracker restore: Datamappa {tmp_path / 'data'} har alt ein database. Innlesing skriv aldri over"
    )
    not_a_backup = tmp_path / "personal.sqlite3"
    not_a_backup.write_bytes(b"tilsettnummer;namn\n" * 100)
    monkeypatch.setenv("KOORD_TRACKER_DATA_DIR", str(tmp_path / "ny"))
    assert main(["restore", str(not_a_backup)]) == 2
    assert (
        capsys.readouterr().err
        == f"koord-tracker restore: {not_a_backup} er ikkje ein heil database frå sporingstenesta. Vel ein annan tryggingskopi.\n"
    )
    assert not (tmp_path / "ny").exists()
    assert main(["restore", str(copy)]) == 0
    assert "0 forsøk, 5 personar i personallista" in capsys.readouterr().out


def test_postgresql_is_backed_up_with_its_own_tools(env, capsys, monkeypatch):
    monkeypatch.setenv("KOORD_TRACKER_DATABASE_URL", "postgresql+psycopg://koord@127.0.0.1:1/koord")
    assert main(["backup", "kopi.sqlite3"]) == 2
    assert capsys.readouterr().err == (
        "koord-tracker backup: Databasen er ikkje SQLite (KOORD_TRACKER_DATABASE_URL): ta tryggingskopi med "
        "pg_dump -Fc og les inn med pg_restore, som IT-sida viser.\n"
    )
