"""What the IT page says about the server layout holds for the files shipped in deploy/: where the data lives is
where the systemd unit puts it, and the wheelhouse steps leave the checkout as git had it."""

import re
import subprocess

from tests.conftest import ROOT
from tracker.settings import PREFIX, Settings

PAGE = (ROOT / "docs" / "it" / "index.md").read_text(encoding="utf-8")
UNIT = (ROOT / "deploy" / "systemd" / "koord-tracker.service").read_text(encoding="utf-8")


def section(title: str) -> str:
    return PAGE.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]


def test_where_the_data_lives_on_the_server_is_where_the_unit_puts_it():
    table = section("Kvar dataa ligg")
    server = {
        row.split("|")[1].strip(): row.split("|")[3].strip()
        for row in table.splitlines()
        if row.startswith("| ") and "---" not in row
    }
    data_dir = re.search(r"^Environment=KOORD_TRACKER_DATA_DIR=(\S+)$", UNIT, re.MULTILINE).group(1)
    manifest = re.search(r"^Environment=KOORD_TRACKER_MANIFEST=(\S+)$", UNIT, re.MULTILINE).group(1)
    assert server["Database (SQLite)"] == f"`{data_dir}/tracker.sqlite3`"
    assert server["Manifestfila"] == f"`{manifest}`"
    assert "EnvironmentFile=-/etc/koord-tracker.env" in UNIT and server["Admin-tokenet"] == "`/etc/koord-tracker.env`"
    # No command on the page uses the development layout for the server.
    for title in ("Tryggingskopi og innlesing",):
        assert "var/tracker.sqlite3" not in section(title) and ".venv/bin" not in section(title)


def test_the_wheelhouse_is_built_beside_the_checkout_and_what_pip_leaves_is_ignored():
    command = re.search(r"^python3 -m pip wheel --wheel-dir (\S+) \.$", PAGE, re.MULTILINE)
    assert command, "the IT page shows the pip wheel command"
    assert command.group(1).startswith("../"), "the wheelhouse goes beside the checkout, not in it"
    # What `pip wheel .` makes in the checkout (setuptools' build/ and egg-info), and a wheelhouse made inside it
    # after all: git ignores them, so `git status` stays clean.
    left = [
        "build/lib/tracker/cli.py",
        "build/bdist.linux-x86_64/x",
        "wheelhouse/koordinatorordninga-0.1.0-py3-none-any.whl",
        "koordinatorordninga.egg-info/PKG-INFO",
    ]
    result = subprocess.run(
        ["git", "check-ignore", "--no-index", *left], cwd=ROOT, capture_output=True, text=True, timeout=30
    )
    assert result.stdout.splitlines() == left, result.stderr


def test_every_setting_of_the_tracker_is_in_the_settings_table_and_no_other():
    rows = [line.split("|")[1] for line in PAGE.splitlines() if line.startswith("| `KOORD_TRACKER_")]
    documented = {name for row in rows for name in re.findall(r"`(KOORD_TRACKER_[A-Z_]+)`", row)}
    assert documented == {PREFIX + name.upper() for name in Settings.model_fields}
