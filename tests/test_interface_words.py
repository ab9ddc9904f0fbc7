"""The site's own words (content/interface.yml): every word in both written standards, in one place; a mistake in
the table stops the build with the file and line; templates and scripts get the edition's words."""

from __future__ import annotations

import re

import pytest

from content.errors import ContentErrors
from content.interface import FILE, load_interface
from tests.conftest import ROOT

SCRIPTS = ROOT / "overrides" / "assets" / "javascripts"
TEMPLATES = [ROOT / "overrides", ROOT / "plugins" / "templates"]


def _table(tmp_path, text: str):
    (tmp_path / "content").mkdir()
    (tmp_path / FILE).write_text(text, encoding="utf-8")
    return load_interface(tmp_path)


def test_every_word_is_in_both_standards():
    interface = load_interface(ROOT)
    nn, nb = interface.words("nn"), interface.words("nb")
    assert nn.keys() == nb.keys() and len(nn) > 10
    assert all(nn[key].strip() and nb[key].strip() for key in nn)


@pytest.mark.parametrize(("text", "message"), [
    ("quiz:\n  submit: {nn: Lever svara}\n", f"{FILE}:2: feltet «nb» manglar i «quiz.submit»; legg det til"),
    ("quiz:\n  submit:\n    nn: Lever svara\n    nb: ''\n", f"{FILE}:4: «quiz.submit.nb» kan ikkje vere tom"),
    ("quiz:\n  number:\n    nn: Spørsmål {number}\n    nb: Spørsmål {nummer}\n",
     f"{FILE}:4: «quiz.number» har {{number}} på nynorsk og {{nummer}} på bokmål; skriv dei same {{namna}} i begge målformene"),
])
def test_a_word_missing_a_standard_is_named_with_its_line(tmp_path, text, message):
    with pytest.raises(ContentErrors) as caught:
        _table(tmp_path, text)
    assert message in [str(error) for error in caught.value.errors]


def test_a_missing_word_stops_the_build_with_the_file_and_line(tmp_path, monkeypatch):
    from content import interface as module
    (tmp_path / "content").mkdir()
    (tmp_path / FILE).write_text("page:\n  not-found-title: {nn: Sida finst ikkje}\n", encoding="utf-8")
    original = module.load_interface
    monkeypatch.setattr("content.site.load_interface", lambda root: original(tmp_path))
    from content.site import Settings, load_site
    site = load_site(Settings(root=ROOT / "tests" / "fixtures" / "site", docs_dir=ROOT / "tests" / "fixtures" / "site" / "docs",
                              check_history=False))
    assert [str(p.error) for p in site.errors if p.area == "orda i nettstaden"] == [
        f"{FILE}:2: feltet «nb» manglar i «page.not-found-title»; legg det til"]


def test_every_word_a_template_or_script_uses_is_in_the_table():
    interface = load_interface(ROOT)
    ids, areas = set(interface.ids), {word_id.split(".")[0] for word_id in interface.ids}
    used = {}
    for folder in TEMPLATES:
        for path in folder.rglob("*.html"):
            for found in re.findall(r"""\bword\(\s*["']([\w-]+\.[\w-]+)["']""", path.read_text(encoding="utf-8")):
                used.setdefault(found, path.relative_to(ROOT).as_posix())
    # In scripts, every string that reads as an id of a word («area.name», also in a ternary or a table).
    for path in SCRIPTS.rglob("*.js"):
        for area, name in re.findall(r"""["']([a-z-]+)\.([a-z0-9-]+)["']""", path.read_text(encoding="utf-8")):
            if area in areas or area.endswith("-script"):
                used.setdefault(f"{area}.{name}", path.relative_to(ROOT).as_posix())
    assert len(used) > 50
    assert {word: where for word, where in used.items() if word not in ids} == {}
