"""The site's own words (content/interface.yml): every word in both written standards, in one place; a mistake in
the table stops the build with the file and line; templates and scripts get the edition's words."""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from content.errors import ContentErrors
from content.interface import FILE, load_interface
from tests.conftest import ROOT
from tests.sitebuild import Build, build_site, copy_project, edit

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


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("quiz:\n  submit: {nn: Lever svara}\n", f"{FILE}:2: feltet «nb» manglar i «quiz.submit»; legg det til"),
        ("quiz:\n  submit:\n    nn: Lever svara\n    nb: ''\n", f"{FILE}:4: «quiz.submit.nb» kan ikkje vere tom"),
        (
            "quiz:\n  number:\n    nn: Spørsmål {number}\n    nb: Spørsmål {nummer}\n",
            f"{FILE}:4: «quiz.number» har {{number}} på nynorsk og {{nummer}} på bokmål; skriv dei same {{namna}} i begge målformene",
        ),
    ],
)
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

    site = load_site(
        Settings(
            root=ROOT / "tests" / "fixtures" / "site",
            docs_dir=ROOT / "tests" / "fixtures" / "site" / "docs",
            check_history=False,
        )
    )
    assert [str(p.error) for p in site.errors if p.area == "orda i nettstaden"] == [
        f"{FILE}:2: feltet «nb» manglar i «page.not-found-title»; legg det til"
    ]


def test_every_word_refusal_asks_for_is_in_the_areas_that_give_it():
    # manager/api.js's refusal() asks the page for its words by key, which the scan below cannot see.
    keys = ["no-tracker", "unreachable", "answer", "no-access", "token-refused", "token-needed", "failed", "refused"]
    ids = set(load_interface(ROOT).ids)
    assert [
        f"{area}.{key}" for area in ("manager-script", "stats-script") for key in keys if f"{area}.{key}" not in ids
    ] == []
    assert {"no-tracker", "unreachable", "no-access"} <= {
        i.split(".")[1] for i in ids if i.startswith("feedback-editors-script.")
    }


def test_every_word_a_template_or_script_uses_is_in_the_table():
    interface = load_interface(ROOT)
    ids, areas = set(interface.ids), {word_id.split(".")[0] for word_id in interface.ids}
    used = {}
    for folder in TEMPLATES:
        for path in folder.rglob("*.html"):
            for found in re.findall(
                r"""\bword(?:_in\([^,()]+,|\()\s*["']([\w-]+\.[\w-]+)["']""", path.read_text(encoding="utf-8")
            ):
                used.setdefault(found, path.relative_to(ROOT).as_posix())
    for path in (ROOT / "plugins").rglob("*.py"):
        for found in re.findall(r"""\bword\(\s*["']([\w-]+\.[\w-]+)["']""", path.read_text(encoding="utf-8")):
            used.setdefault(found, path.relative_to(ROOT).as_posix())
    # In scripts, every string that reads as an id of a word («area.name», also in a ternary or a table).
    for path in SCRIPTS.rglob("*.js"):
        script = path.read_text(encoding="utf-8")
        for area, name in re.findall(r"""["']([a-z-]+)\.([a-z0-9-]+)["']""", script):
            if area in areas or area.endswith("-script"):
                used.setdefault(f"{area}.{name}", path.relative_to(ROOT).as_posix())
        # A script's own short form for its area's words: const t = (key, values) => word(`quiz-script.${key}`, values).
        for helper, area in re.findall(r"const (\w+) = \(key, values\) => word\(`([a-z-]+)\.\$\{key\}`", script):
            for call in re.findall(rf"\b{helper}\(([^()]*)", script):
                for name in re.findall(r'"([a-z0-9-]+)"', call.split(",")[0] if "?" not in call else call):
                    used.setdefault(f"{area}.{name}", path.relative_to(ROOT).as_posix())
    assert len(used) > 50
    assert {word: where for word, where in used.items() if word not in ids} == {}


# --- The built editions: no word of the other standard in the site's own words -------------------------------------

# Words that differ between the standards: a nynorsk one in a bokmål interface, or the other way round, is a word
# left in the wrong standard. The forms both standards allow (sida, retningslinja) are not markers.
NYNORSK = {
    "ikkje",
    "eg",
    "kva",
    "korleis",
    "frå",
    "berre",
    "heile",
    "kven",
    "enno",
    "sjå",
    "dei",
    "ho",
    "meir",
    "noko",
    "nokon",
    "vere",
    "gjer",
    "tek",
    "fekk",
    "vart",
    "eining",
    "einingar",
    "einingane",
    "eininga",
    "leiar",
    "leiaren",
    "namn",
    "namnet",
    "nettlesar",
    "nettlesaren",
    "sporingstenesta",
    "tilsettnummer",
    "kvar",
    "døme",
    "saman",
    "ein",
    "eit",
}
BOKMAL = {
    "ikke",
    "jeg",
    "hva",
    "hvordan",
    "fra",
    "bare",
    "hele",
    "hvem",
    "ennå",
    "noe",
    "noen",
    "være",
    "gjør",
    "tar",
    "fikk",
    "ble",
    "enhet",
    "enheter",
    "enheten",
    "leder",
    "lederen",
    "navn",
    "navnet",
    "nettleser",
    "nettleseren",
    "sporingstjenesten",
    "ansattnummer",
    "hver",
    "eksempel",
    "sammen",
    "hvis",
    "mye",
}
MARKERS = {"nn": BOKMAL, "nb": NYNORSK}  # what must not stand in an interface of each standard
_WORDS = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# Attributes whose value a reader hears or sees.
SAID = ("aria-label", "title", "placeholder", "alt", "value")


def _own_words(page: str, standard: str) -> list[str]:
    """Every text and said attribute of the page's body whose language (the nearest lang) is `standard`, and the
    words the page gives its scripts: the site's own words, outside the content marked as the other standard."""
    soup = BeautifulSoup(page, "html.parser")
    found = []

    def language(element) -> str | None:
        while element is not None and not (hasattr(element, "get") and element.get("lang")):
            element = element.parent
        return element.get("lang") if element is not None else None

    for script in soup.select("script#koord-words"):
        found += json.loads(script.string).values()
    for element in soup.body.find_all(["script", "style", "code", "pre", "svg"]):
        element.decompose()
    for text in soup.body.find_all(string=True):
        if text.strip() and language(text.parent) == standard:
            found.append(str(text))
    for element in soup.body.find_all(True):
        if language(element) == standard:
            said = [element[name] for name in SAID if element.get(name)]
            said += [
                value
                for name, value in element.attrs.items()
                if name.startswith("data-") and isinstance(value, str) and " " in value
            ]
            # A name made of the site's words and a title marked inside the element («Forrige: <title>»): the title
            # is the content's.
            marked = [
                " ".join(inner.get_text(" ").split())
                for inner in element.find_all(lang=True)
                if inner["lang"] != standard
            ]
            for value in said:
                for title in marked:
                    value = value.replace(title, " ")
                found.append(value)
    return found


def _other_standard(texts: list[str], standard: str) -> set[str]:
    return {word for text in texts for word in _WORDS.findall(text) if word.lower() in MARKERS[standard]}


@pytest.fixture(scope="module")
def editions(tmp_path_factory) -> dict[str, Build]:
    """The regional edition (nynorsk) and a trust's edition in bokmål, built from this project."""
    built = {}
    for standard, edition in (("nn", ""), ("nb", "helse-stavanger")):
        project = copy_project(tmp_path_factory.mktemp(f"utgave-{standard}"))
        if edition:
            edit(project, "mkdocs.yml", '      edition: !ENV [KOORD_EDITION, ""]\n', f"      edition: {edition}\n")
        built[standard] = build_site(project)
        assert built[standard].ok, built[standard].log
    return built


def _pages(build: Build) -> dict[str, str]:
    return {
        path.relative_to(build.site).as_posix(): path.read_text(encoding="utf-8")
        for path in [*build.site.rglob("index.html"), build.site / "404.html"]
    }


@pytest.mark.parametrize("standard", ["nn", "nb"])
def test_no_word_of_the_other_standard_in_an_editions_interface(editions, standard):
    assert (
        yaml.safe_load((ROOT / "editions" / "helse-stavanger.yml").read_text(encoding="utf-8"))["written_standard"]
        == "nb"
    )
    wrong = {}
    for name, page in _pages(editions[standard]).items():
        words = _other_standard(_own_words(page, standard), standard)
        if words:
            wrong[name] = sorted(words)
    assert wrong == {}


def test_lang_is_right_on_every_page_of_a_bokmal_edition(editions):
    for name, page in _pages(editions["nb"]).items():
        soup = BeautifulSoup(page, "html.parser")
        language = soup.html["lang"]
        # A page is bokmål, or wholly in nynorsk (a nynorsk patient page, which its bokmål counterpart links to).
        assert language == "nb" or name.startswith("pasient/"), name
        if name.startswith("retningslinje/") and language == "nb":
            content = soup.select_one("article.md-content__inner")
            assert content.find(attrs={"lang": "nn"}, recursive=False) is not None or content.select_one(
                '[lang="nn"] h1'
            ), name
    chapter = BeautifulSoup(_pages(editions["nb"])["retningslinje/formal/index.html"], "html.parser")
    assert chapter.select_one('[lang="nn"] h1') is not None
    assert (
        chapter.select_one('nav.md-nav--primary .md-ellipsis[lang="nn"]') is not None
    )  # a chapter's title in the menu
    for name in ("pasient/nb/fa-koordinator/index.html", "pasient/fa-koordinator/index.html"):
        assert BeautifulSoup(_pages(editions["nb"])[name], "html.parser").html["lang"] == name.split("/")[1][
            :2
        ].replace("fa", "nn")
    regional = _pages(editions["nn"])
    assert BeautifulSoup(regional["index.html"], "html.parser").html["lang"] == "nn"
    assert 'lang="nb"' not in regional["retningslinje/formal/index.html"]


def test_a_bokmal_edition_has_the_theme_and_the_site_in_bokmal(editions):
    page = BeautifulSoup(_pages(editions["nb"])["opplaering/mine-kurs/index.html"], "html.parser")
    assert page.select_one("[data-quiz-courses] h2#deltakar").get_text() == "Deltaker"
    assert page.select_one("#koord-words") is not None
    assert (
        json.loads(page.select_one("#koord-words").string)["courses-script.none-passed"]
        == "Du har ingen beståtte moduler ennå."
    )
    assert "Koordinatorordningen" in page.title.get_text()
    assert page.select_one('input[name="query"]')["placeholder"] == "Søk"
    nynorsk = BeautifulSoup(_pages(editions["nn"])["opplaering/mine-kurs/index.html"], "html.parser")
    assert nynorsk.select_one("[data-quiz-courses] h2#deltakar").get_text() == "Deltakar"


def test_every_word_of_the_table_is_in_its_standard():
    """Each word against the marker words, and, where hunspell is there, against both dictionaries: a word one
    dictionary lacks and the other knows is a form of the other standard."""
    interface = load_interface(ROOT)
    wrong = {
        standard: {
            key: sorted(_other_standard([text], standard))
            for key, text in interface.words(standard).items()
            if _other_standard([text], standard)
        }
        for standard in ("nn", "nb")
    }
    assert wrong == {"nn": {}, "nb": {}}
    from tools import spelling

    if spelling.hunspell_available():
        if os.environ.get("CI"):
            pytest.fail(spelling.hunspell_available())
        return
    word_list = spelling.WordList.read(ROOT / spelling.WORD_LIST)
    found = {
        standard: {
            word
            for text in interface.words(standard).values()
            for word in _WORDS.findall(re.sub(r"\{\w+\}", " ", text))
        }
        for standard in ("nn", "nb")
    }
    with tempfile.TemporaryDirectory() as folder:
        hunspell = {standard: spelling.Hunspell(standard, word_list, Path(folder)) for standard in ("nn", "nb")}
        for checker in hunspell.values():
            checker.check(
                {variant for words in found.values() for word in words for variant in spelling._variants(word)}
            )
        mixed = {
            standard: {word for word in words if not hunspell[standard].knows(word) and hunspell[other].knows(word)}
            for standard, other, words in (("nn", "nb", found["nn"]), ("nb", "nn", found["nb"]))
        }
        # A compound of two words its own dictionary knows is a word of that standard too (as tools/spelling.py reads it).
        for standard, words in mixed.items():
            hunspell[standard].check(piece for word in words for split in spelling._splits(word) for piece in split)
        mixed = {
            standard: sorted(
                word
                for word in words
                if not any(
                    hunspell[standard].knows(first) and hunspell[standard].knows(last)
                    for first, last in spelling._splits(word)
                )
            )
            for standard, words in mixed.items()
        }
    assert mixed == {"nn": [], "nb": []}


def test_an_unknown_word_on_a_page_of_words_names_the_page_and_the_table(tmp_path):
    project = copy_project(tmp_path)
    edit(project, "docs/leiar/index.md", '{{ word("manager.title") }}', '{{ word("manager.titel") }}')
    result = build_site(project)
    assert not result.ok
    assert (
        "docs/leiar/index.md: ordet «manager.titel» finst ikkje i content/interface.yml. Meinte du «manager.title»? Legg det til der, på nynorsk og bokmål"
        in result.log
    ), result.log
    assert "Traceback" not in result.log
