"""content.memo: what the preview keeps between rebuilds, and what a build keeps for the next."""

import os
import tempfile

import pytest

from content import yamlfile
from content.errors import ContentError, ContentErrors
from content.memo import Memo, Stored, digest
from tests.sitebuild import build_site, copy_project


def test_a_key_seen_before_gives_the_same_result_without_making_it_again():
    made = []
    memo = Memo(2)

    def make(text):
        made.append(text)
        return [text.upper()]

    first = memo.get(digest("a"), make, "a")
    assert memo.get(digest("a"), make, "a") is first
    assert made == ["a"]


def test_the_least_recently_used_key_goes_first():
    memo = Memo(2)
    memo.get("a", str, "A")
    memo.get("b", str, "B")
    memo.get("a", str, "not made")  # a is now the most recent
    memo.get("c", str, "C")  # b goes
    assert memo.get("a", str, "new A") == "A"
    assert memo.get("b", str, "new B") == "new B"


def test_a_failure_is_not_kept():
    memo = Memo(2)

    def fail():
        raise ValueError("no")

    with pytest.raises(ValueError):
        memo.get("a", fail)
    assert memo.get("a", str, "made") == "made"


def test_the_key_of_a_text_depends_on_every_character():
    assert digest("Pasienten") != digest("pasienten")
    assert len(digest("x" * 100_000)) == 16
    assert digest("Oppnemning på sjukehuset") == digest("Oppnemning på sjukehuset".encode())  # a file read as bytes


def test_a_result_stored_by_one_build_is_read_by_the_next(tmp_path):
    made = []

    def make(text):
        made.append(text)
        return {"text": text, "lines": [1, 2]}

    first = Stored("test", b"v1", tmp_path).get(digest("a"), make, "a")
    # A new Stored is what the next build (a new process) has.
    assert Stored("test", b"v1", tmp_path).get(digest("a"), make, "not made") == first
    assert made == ["a"]
    # Results of other code (another version) are not read.
    assert Stored("test", b"v2", tmp_path).get(digest("a"), make, "b") == {"text": "b", "lines": [1, 2]}


def test_a_stored_failure_or_a_damaged_file_makes_the_result_again(tmp_path):
    stored = Stored("test", b"v1", tmp_path)

    def fail():
        raise ValueError("no")

    with pytest.raises(ValueError):
        stored.get(digest("a"), fail)
    assert list(tmp_path.iterdir()) == []
    stored.get(digest("a"), str, "made")
    [file] = tmp_path.iterdir()
    file.write_bytes(b"\x00 not marshal")
    assert Stored("test", b"v1", tmp_path).get(digest("a"), str, "made again") == "made again"
    assert Stored("test", b"v1", tmp_path).get(digest("a"), str, "not made") == "made again"


def test_no_results_are_stored_in_a_folder_that_is_not_safely_the_users(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    folder = tmp_path / f"_jinja2-cache-{os.getuid()}"
    folder.symlink_to(elsewhere)  # a link planted where the folder should be: someone could read or replace results
    assert Stored("test", b"v1").get(digest("a"), str, "made") == "made"
    assert list(elsewhere.iterdir()) == []
    folder.unlink()
    Stored("test", b"v1").get(digest("a"), str, "made")
    assert len(list(folder.iterdir())) == 1
    assert folder.stat().st_mode & 0o077 == 0, "the folder is the user's alone"


def test_yaml_parsed_in_an_earlier_build_is_the_same_and_mistakes_are_found_again(tmp_path, monkeypatch):
    text = "id: modul\nquestions:\n  - {id: a, answer: true, refs: [x]}\nwhen: 2027-01-01\nn: 3\n"
    cold = yamlfile.load_yaml(text, "quizzes/modul.yml")
    monkeypatch.setattr(yamlfile, "_PARSED", Stored("yaml", b"test", tmp_path))
    first, again = (yamlfile.load_yaml(text, "quizzes/modul.yml") for _ in range(2))
    assert cold.data == first.data == again.data
    assert again.data["when"] == "2027-01-01" and again.data["n"] == 3
    assert again.line_of(("questions", 0, "answer")) == 3
    for _ in range(2):
        with pytest.raises(ContentErrors) as raised:
            yamlfile.load_yaml("id: a\nid: b\n", "quizzes/to.yml")
        assert "står to gonger" in str(raised.value.errors[0])


def test_markdown_slips_and_answer_cues_from_an_earlier_build_are_the_same(tmp_path, monkeypatch):
    from content.pages import markdown_checks
    from content.training import cues
    from tests.test_quiz_cues import module, statement

    text = "# Tittel\n\n!!! note\n\nTekst.\n\n```yaml\nid: a\n"
    fresh = markdown_checks.check_markdown(text, "docs/side.md")
    assert [type(error) for error in fresh] == [ContentError, markdown_checks.UnclosedBlock]
    made = module(statement("a", False), statement("b", False), statement("c", True), statement("d", False))
    source = b"the module's text"
    monkeypatch.setattr(markdown_checks, "_FOUND", Stored("markdown", b"test", tmp_path))
    monkeypatch.setattr(cues, "_FOUND", Stored("cues", b"test", tmp_path))
    assert markdown_checks.checked(text, "docs/side.md") == fresh
    found = cues.find_cues(made)
    assert cues.cues_of(source, made) == found != []
    kept = sorted(tmp_path.iterdir())
    assert len(kept) == 2
    # The next build reads them: the same slips, of the same kinds, and the same cues, even for another module object.
    monkeypatch.setattr(markdown_checks, "check_markdown", None)
    monkeypatch.setattr(cues, "find_cues", None)
    again = markdown_checks.checked(text, "docs/side.md")
    assert again == fresh and [type(error) for error in again] == [type(error) for error in fresh]
    assert cues.cues_of(source, module(statement("e", True))) == found


def test_a_warm_build_makes_the_same_site_as_a_cold_one(tmp_path, monkeypatch):
    """What is kept between builds (parsed YAML, Markdown slips, answer cues, each page's LIX) never changes what a
    build makes."""
    import content.readability
    import content.site
    from content.guideline import loader as guideline_loader
    from content.pages import markdown_checks
    from content.training import cues

    store = tmp_path / "kept"
    store.mkdir()
    monkeypatch.setattr(yamlfile, "_PARSED", Stored("yaml", b"test", store))
    monkeypatch.setattr(content.readability, "_MEASURED", Stored("lix", b"test", store))
    monkeypatch.setattr(markdown_checks, "_FOUND", Stored("markdown", b"test", store))
    monkeypatch.setattr(cues, "_FOUND", Stored("cues", b"test", store))
    (tmp_path / "project").mkdir()
    project = copy_project(tmp_path / "project")

    def new_process():
        # The memos that would otherwise give an earlier test's documents and chapters without reading YAML.
        monkeypatch.setattr(yamlfile, "_LOADED", Memo(4096))
        monkeypatch.setattr(guideline_loader, "_PARSED", Memo(4096))
        monkeypatch.setattr(content.site, "_CHECKED", Memo(4096))
        monkeypatch.setattr(content.site, "_CUES", Memo(4096))

    new_process()
    cold = build_site(project, site=tmp_path / "cold")
    kept = sorted(store.iterdir())
    new_process()  # the next build: nothing in memory, everything on disk
    warm = build_site(project, site=tmp_path / "warm")
    assert cold.ok and warm.ok, cold.log + warm.log
    assert len(kept) > 50 and sorted(store.iterdir()) == kept, "the warm build read what the cold one kept"
    made = sorted(path.relative_to(cold.site) for path in cold.site.rglob("*") if path.is_file())
    assert made == sorted(path.relative_to(warm.site) for path in warm.site.rglob("*") if path.is_file())
    assert [name for name in made if (cold.site / name).read_bytes() != (warm.site / name).read_bytes()] == []


def test_a_second_build_compiles_no_template(tmp_path, monkeypatch):
    """Every template environment made from the theme keeps its compiled templates between builds: the pages',
    the fragments', and those other plugins make (Material's search compiles its language files at on_config)."""
    import jinja2

    (tmp_path / "project").mkdir()
    project = copy_project(tmp_path / "project")
    assert build_site(project, site=tmp_path / "first").ok
    compile_ = jinja2.Environment.compile
    compiled = []

    def recording(self, source, name=None, *args, **kwargs):
        compiled.append(name)
        return compile_(self, source, name, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", recording)
    assert build_site(project, site=tmp_path / "second").ok
    assert compiled == []
