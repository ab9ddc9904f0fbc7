"""LIX: a hand-counted text, what counts as text on a rendered page, the limit warning and the report page."""

import pytest

import content.readability
from content.memo import Stored
from content.readability import measure
from content.readability.lix import lix
from content.readability.text import text_blocks
from tests.sitebuild import build_site, write

# Hand count: 3 sentences; 15 words; long words (more than six letters): koordinator, hjelper, Koordinatoren,
# oversikta, koordinator = 5. LIX = 15/3 + 100*5/15 = 5 + 33.3 = 38.3.
HAND_COUNTED = [
    "Ein koordinator hjelper deg. Koordinatoren held oversikta over hjelpa du får!",
    "Kven kan få koordinator",
]


def test_lix_matches_a_hand_count():
    result = lix(HAND_COUNTED)
    assert (result.words, result.sentences, result.long_words, result.value) == (15, 3, 5, 38.3)
    assert result.longest[0] == "Koordinatoren held oversikta over hjelpa du får!"


def test_a_page_measured_in_an_earlier_build_has_the_same_figures(tmp_path, monkeypatch):
    monkeypatch.setattr(content.readability, "_MEASURED", Stored("lix", b"test", tmp_path))
    html = "".join(f"<p>{block}</p>" for block in HAND_COUNTED) + "<p data-search-exclude hidden>Meld frå</p>"
    first, again = measure(html), measure(html)
    assert first == again == lix(text_blocks(html))
    assert again.value == 38.3 and again.longest == lix(HAND_COUNTED).longest
    assert len(list(tmp_path.iterdir())) == 1


@pytest.mark.parametrize(
    ("blocks", "words", "sentences", "long"),
    [
        (["Spesialisthelsetenestelova § 2-5 a gjeld."], 4, 1, 1),  # "§" is no word; "2-5" is one
        (["E-læring: kort. Lang?"], 3, 3, 1),  # a colon ends a sentence
        (["Åse går.", "Ærleg talt"], 4, 2, 0),  # a block ends a sentence without a full stop
        ([], 0, 0, 0),
    ],
)
def test_lix_counting_rules(blocks, words, sentences, long):
    result = lix(blocks)
    assert (result.words, result.sentences, result.long_words) == (words, sentences, long)


def test_text_leaves_out_code_navigation_chrome_and_permalinks():
    html = (
        '<h2 id="a">Tittel<a class="headerlink" href="#a">¶</a></h2><p>Ein tekst med <code>kode_her</code> i.</p>'
        "<pre><code>heile blokka</code></pre><nav><a>Meny</a></nav><div data-search-exclude><p>Infoboks</p></div>"
        "<ul><li>Første punkt</li><li>Andre<br>linje</li></ul><script>var x</script>"
    )
    assert text_blocks(html) == ["Tittel", "Ein tekst med i.", "Første punkt", "Andre", "linje"]


def test_text_leaves_out_a_marked_element_to_its_own_end_and_reads_the_marks_as_words_in_text():
    html = (
        '<div class="quiz" data-search-exclude><div><p>Spørsmål</p></div><p>Gale svar</p></div>'
        "<p>Ordet data-search-exclude og ein headerlink i tekst.</p><p>Slutt<br/>her</p><!-- <p>kommentar</p> -->"
        '<svg><path d="M0"/></svg><code class="headerlink">x</code>'
    )
    assert text_blocks(html) == ["Ordet data-search-exclude og ein headerlink i tekst.", "Slutt", "her"]


def test_page_over_its_limit_fails_a_strict_build_and_names_page_lix_and_sentences(project):
    write(
        project,
        "docs/pasient/tung.md",
        "# Tung side\n\nSpesialisthelsetenestelova regulerer koordinatorordninga gjennom omfattande forpliktingar for helseføretaka, kommunehelsetenesta og samarbeidande institusjonar.\n",
    )
    write(project, "docs/pasient/nb/tung.md", "# Tung side\n\nKort tekst. Lett å lese.\n")
    result = build_site(project)
    assert not result.ok
    warning = next(line for line in result.warnings() if "pasient/tung.md" in line)
    assert "docs/pasient/tung.md: LIX " in warning and "er over grensa 40" in warning
    assert "«Spesialisthelsetenestelova regulerer" in warning
    assert "pasient/nb/tung.md" not in result.log


def test_report_lists_every_page_worst_first(project):
    result = build_site(project)
    assert result.ok, result.log
    rows = result.html("redaktor/lesbarheit/").select("table tbody tr")
    titles = [row.select_one("td a").get_text() for row in rows]
    values = [float(row.select("td")[1].get_text().split()[0]) for row in rows]
    assert values == sorted(values, reverse=True)
    assert {"Framside", "2 Oppnemning av koordinator", "Testmodul", "Kven gjer kva"} <= set(titles)
    assert "Lesbarheit" not in titles
    # Every page but the report itself and the pages that list what others say: the print view, the open points and
    # the changes since the approved version. (The module's answer key is not published where the tracker scores.)
    assert len(rows) == len(list(result.site.rglob("index.html"))) - 4
    assert "Testretningslinje (utskrift)" not in titles
