"""A trust's edition of the regional guideline: the regional build shows each local choice as a slot; an edition
puts the trust's text in each slot's place (guideline, patient pages in both standards, the brochure) or says it
is not decided there yet; approval on two levels; the public patient build of an edition lets no placeholder
through; the manifest and the receipts name the trust."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from content.site import Settings, load_site
from tests.conftest import ROOT
from tests.sitebuild import Build, build_site, copy_project, edit, write

TEST_EDITION = ROOT / "tests" / "fixtures" / "editions" / "testforetaket.yml"
CHOICE = '\n!!! lokalt-val "Kven tek imot meldingar" {#mottak}\n    Helseføretaket avgjer kven i KE som tek imot meldingane.\n'


def _with_edition(project: Path, edition: str) -> None:
    edit(project, "mkdocs.yml", '      edition: !ENV [KOORD_EDITION, ""]\n', f"      edition: {edition}\n")


@pytest.fixture(scope="module")
def filled(tmp_path_factory) -> Build:
    """The real site as the test trust's edition, with every local choice filled."""
    project = copy_project(tmp_path_factory.mktemp("filled"))
    shutil.copy(TEST_EDITION, project / "editions" / TEST_EDITION.name)
    _with_edition(project, "testforetaket")
    return build_site(project)


def _pages(build: Build) -> dict[str, str]:
    return {
        path.relative_to(build.site).as_posix(): path.read_text(encoding="utf-8")
        for path in build.site.rglob("index.html")
    }


def test_the_regional_build_shows_every_local_choice_as_a_slot(real_site):
    site = load_site(Settings(root=ROOT, docs_dir=ROOT / "docs", check_history=False))
    choices = site.local_choices
    assert len(choices) >= 11 and "ke-kontakt" in choices
    slots = sum(page.count('class="admonition lokalt-val"') for page in _pages(real_site).values())
    # Every place of every choice, on its own page (the print view repeats the guideline's).
    places = sum(len(points) for points in choices.values())
    assert slots >= places, (slots, places)
    assert "lokal-tekst" not in "".join(_pages(real_site).values())


def test_a_filled_edition_puts_each_text_where_its_slot_is(filled):
    assert filled.ok, filled.log
    edition = yaml.safe_load(TEST_EDITION.read_text(encoding="utf-8"))
    site = load_site(Settings(root=ROOT, docs_dir=ROOT / "docs", check_history=False))
    addresses = site.addresses
    for choice_id, points in site.local_choices.items():
        texts = edition["local_choices"][choice_id]
        for point in points:
            if point.section_id is not None:
                page = filled.html(addresses.url(addresses.guideline_page(point.file.split("/")[-1][:-3])))
                language = "nn"
            else:
                src_uri = point.file.removeprefix("docs/")
                page = filled.html(addresses.url(src_uri))
                language = "nb" if "/nb/" in src_uri else "nn"
            text = texts if isinstance(texts, str) else texts[language]
            marker = re.search(r"\(testtekst [^)]+\)", text).group(0)
            boxes = [box for box in page.select(".admonition.lokal-tekst") if marker in box.get_text()]
            assert boxes, f"{choice_id}: {marker} not on {point.file}"
            assert boxes[0].select_one(".admonition-title").get_text().startswith("Lokalt i Testføretaket HF – ")
    every = "".join(_pages(filled).values())
    assert 'class="admonition lokalt-val"' not in every and 'class="admonition ikkje-avgjort"' not in every


def test_the_patient_pages_and_the_brochure_carry_the_trusts_ke_contact(filled):
    for page, text in [
        ("pasient/fa-koordinator/", "pasientkontakt nn"),
        ("pasient/nb/fa-koordinator/", "pasientkontakt nb"),
        ("pasient/brosjyre/", "pasientkontakt nn"),
        ("pasient/nb/brosjyre/", "pasientkontakt nb"),
    ]:
        box = filled.html(page).select_one(".admonition.lokal-tekst")
        assert box is not None and f"(testtekst {text})" in box.get_text(), page
        assert filled.html(page).html["lang"] == ("nb" if "/nb/" in page else "nn")


def test_the_edition_lists_every_choice_as_filled_and_names_the_trust(filled):
    listing = filled.html("retningslinje/lokale-val/")
    assert "Testføretaket HF har fylt ut alle dei lokale vala." in listing.get_text()
    states = [row.select("td")[-1].get_text(strip=True) for row in listing.select("table")[0].select("tbody tr")]
    assert states and set(states) == {"fylt ut"}
    manifest = json.loads((filled.site.parent / "var" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["edition"] == {"id": "testforetaket", "name": "Testføretaket HF"}
    receipt = filled.html("opplaering/mine-kurs/").select_one("[data-receipt] dl")
    assert receipt.select_one("dd").get_text() == "Testføretaket HF"
    info = filled.html("retningslinje/formal/").select_one(".rl-dokumentinfo")
    assert "Testføretaket HF, versjon 1.0, utkast" in info.get_text(" ", strip=True)


def test_a_slot_the_trust_has_not_filled_says_so(tmp_path):
    project = copy_project(tmp_path)
    _with_edition(project, "helse-fonna")
    result = build_site(project)
    assert result.ok, result.log
    box = result.html("retningslinje/koordinerande-eining/").select_one(".admonition.ikkje-avgjort .admonition-title")
    assert box.get_text().startswith("Ikkje avgjort i Helse Fonna HF enno – ")
    nb = result.html("pasient/nb/fa-koordinator/").select_one(".admonition.ikkje-avgjort .admonition-title")
    assert nb.get_text().startswith("Ikke avgjort i Helse Fonna HF ennå – ")
    assert "Helse Fonna HF har ikkje avgjort" in result.html("retningslinje/lokale-val/").get_text()


def test_an_unknown_edition_or_choice_is_named_with_the_fix(tmp_path):
    project = copy_project(tmp_path)
    _with_edition(project, "helse-forgde")
    result = build_site(project)
    assert not result.ok
    assert (
        "utgåva «helse-forgde» finst ikkje (editions/helse-forgde.yml); utgåvene er helse-bergen, helse-fonna, helse-forde, helse-stavanger. Meinte du «helse-forde»?"
        in result.log
    )
    edit(project, "mkdocs.yml", "edition: helse-forgde", "edition: helse-fonna")
    edit(project, "editions/helse-fonna.yml", "local_choices: {}", "local_choices:\n  ke-kontak: Ring oss.")
    result = build_site(project)
    assert not result.ok
    assert re.search(
        r"editions/helse-fonna\.yml:\d+: det finst ikkje noko lokalt val med id-en «ke-kontak».*Meinte du «ke-kontakt»\?",
        result.log,
    ), result.log
    assert "Traceback" not in result.log


def _public(project: Path) -> Build:
    (project / "plugins").mkdir(exist_ok=True)
    shutil.copy(ROOT / "plugins" / "public_site.py", project / "plugins" / "public_site.py")  # the public build's hook
    return build_site(project, config_file="mkdocs-public.yml", site=project / "site-public")


def test_no_placeholder_and_no_unchecked_law_reaches_a_patient(tmp_path):
    project = copy_project(tmp_path)
    edit(project, "mkdocs-public.yml", '      edition: !ENV [KOORD_EDITION, ""]\n', "      edition: helse-fonna\n")
    result = _public(project)
    assert not result.ok
    assert re.search(
        r"docs/pasient/fa-koordinator\.md:\d+: det lokale valet «ke-kontakt» er ikkje fylt ut i utgåva til Helse Fonna HF",
        result.log,
    ), result.log
    assert re.search(r"docs/pasient/nb/brosjyre\.md:\d+: det lokale valet «ke-kontakt»", result.log)
    assert "Traceback" not in result.log
    # With the KE contact filled, what stops it is a point KE has not checked, named at its line.
    edit(project, "editions/helse-fonna.yml", "local_choices: {}", "local_choices:\n  ke-kontakt: Ring KE.")
    result = _public(project)
    assert "«ke-kontakt» er ikkje fylt ut" not in result.log
    checks = [
        box for box in (project / "docs" / "pasient").rglob("*.md") if "!!! ke-sjekk" in box.read_text(encoding="utf-8")
    ]
    assert bool(checks) == (not result.ok), result.log
    if checks:
        assert "er eit punkt KE ikkje har kontrollert mot lova" in result.log


# --- Approval on two levels, on the small test site (its guideline 2.1 is approved and archived) -------------------


def _edition_yaml(
    status: str = "godkjend",
    approved_by: str = "Testa Godkjennar",
    guideline_version: str = "2.1",
    text: str = "Leiaren i eininga tek imot meldingar.",
    version: str = "1.0",
) -> str:
    return yaml.safe_dump(
        {
            "name": "Testføretaket HF",
            "written_standard": "nn",
            "local_choices": {"mottak": text} if text else {},
            "approvers": [{"name": "Testa Godkjennar", "role": "Fagdirektør"}],
            "approval": {
                "status": status,
                "version": version,
                "guideline_version": guideline_version,
                "approved_by": approved_by,
                "approved_date": "2026-03-01",
                "valid_from": "2026-03-15",
            },
        },
        allow_unicode=True,
        sort_keys=False,
    )


@pytest.fixture
def regional(project: Path) -> Path:
    """The test site's guideline as a draft 2.2 with one local choice, on top of the approved 2.1."""
    edit(project, "guideline/retningslinje.yml", 'version: "2.1"\nstatus: godkjend', 'version: "2.2"\nstatus: utkast')
    edit(
        project,
        "guideline/retningslinje.yml",
        "changelog:\n",
        'changelog:\n  - version: "2.2"\n    date: 2026-02-20\n    summary: Lokalt val\n',
    )
    edit(
        project,
        "guideline/oppnemning.md",
        "## Melding til kommunen {#melding}\n",
        f"## Melding til kommunen {{#melding}}\n{CHOICE}",
    )
    edit(project, "mkdocs.yml", "  - koord/site:\n", "  - koord/site:\n      edition: testhf\n")
    return project


def _approve(project: Path, edition: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "tools.approve",
            "archive",
            "--edition",
            edition,
            "--root",
            str(project),
            "--today",
            "2026-03-02",
            "--mkdocs",
            str(Path(sys.executable).parent / "mkdocs"),
        ],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"},
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"text": ""}, "status er godkjend, men 1 lokale val er ikkje fylte ut: «mottak» (guideline/oppnemning.md:"),
        (
            {"approved_by": "Ein annan"},
            "«Ein annan» står ikkje under approvers i editions/testhf.yml (Testa Godkjennar)",
        ),
        (
            {"guideline_version": "2.2"},
            "versjon 2.2 av den regionale retningslinja er ikkje godkjend (godkjende versjonar: 2.1)",
        ),
        ({}, "versjon 1.0 av utgåva har status godkjend, men er ikkje arkivert i approved/utgaver/testhf/v1.0"),
    ],
)
def test_each_rule_of_a_trusts_approval_fails_the_build_at_its_line(regional, changes, message):
    write(regional, "editions/testhf.yml", _edition_yaml(**changes))
    result = build_site(regional)
    assert not result.ok
    assert re.search(r"editions/testhf\.yml:\d+: " + re.escape(message), result.log), result.log
    assert "Traceback" not in result.log


def test_an_approved_edition_is_archived_apart_and_its_text_is_not_changed_after(regional):
    write(regional, "editions/testhf.yml", _edition_yaml())
    archived = _approve(regional, "testhf")
    assert archived.returncode == 0, archived.stderr + archived.stdout
    folder = regional / "approved" / "utgaver" / "testhf" / "v1.0"
    assert sorted(p.name for p in folder.iterdir()) == ["godkjenning.yml", "utgave.yml", "utskrift.html"]
    assert not (regional / "approved" / "retningslinje-v1.0").exists()  # the region's archive is apart
    result = build_site(regional)
    assert result.ok, result.log
    # «Kva er endra» compares with the regional version the approval built on, and lists no local change yet.
    changes = result.html("retningslinje/kva-er-endra/").get_text(" ", strip=True)
    assert (
        "sidan versjon 2.1 av den regionale teksten, som versjon 1.0 av utgåva til Testføretaket HF byggjer på"
        in changes
    )
    assert "Ingen av dei lokale tekstane er endra." in changes

    # A new local text under the same approved version stops the build; as a new draft version it is listed.
    write(regional, "editions/testhf.yml", _edition_yaml(text="KE tek imot alle meldingar."))
    result = build_site(regional)
    assert not result.ok and "dei lokale tekstane er endra sidan" in result.log
    write(
        regional,
        "editions/testhf.yml",
        _edition_yaml(status="utkast", text="KE tek imot alle meldingar.", version="1.1"),
    )
    result = build_site(regional)
    assert result.ok, result.log
    changes = result.html("retningslinje/kva-er-endra/")
    assert changes.select_one("h3 code").get_text() == "mottak"
    diff = changes.select(".rl-diff")[-1]
    assert [d.get_text() for d in diff.select("del")] == ["[teke bort: Leiaren i eininga]"]
    assert [i.get_text() for i in diff.select("ins")] == ["[lagt til: KE]", "[lagt til: alle ]"]


def test_who_must_confirm_having_read_the_guideline_is_the_regions_or_the_trusts(filled, tmp_path):
    manifest = json.loads((filled.site.parent / "var" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["guideline"]["read_confirmation_roles"] == [
        "einingsleiar",
        "ke",
        "koordinator",
        "klinisk-kontaktperson",
    ]
    project = copy_project(tmp_path)
    _with_edition(project, "helse-fonna")
    edit(
        project,
        "editions/helse-fonna.yml",
        "approvers: []",
        "approvers: []\nread_confirmation_roles: [koordinator, ke]",
    )
    result = build_site(project)
    assert result.ok, result.log
    manifest = json.loads((project / "var" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["guideline"]["read_confirmation_roles"] == ["koordinator", "ke"]
    edit(project, "editions/helse-fonna.yml", "[koordinator, ke]", "[koordinator, leiar]")
    result = build_site(project)
    assert not result.ok
    assert re.search(r"editions/helse-fonna\.yml:\d+: rolla «leiar» finst ikkje i roles/", result.log), result.log
