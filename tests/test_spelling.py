"""The spelling and language-mix check (`python -m tools.spelling`): real hunspell with Debian's nn_NO and nb_NO
dictionaries, on small projects written here, and once on the real content."""

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import ROOT, required
from tools.spelling import WORD_LIST, hunspell_available, main

UNKNOWN_NN = "ikkje i nn_NO-ordlista (legg det til i spelling/ordliste.txt om det er rett)"


@pytest.fixture(autouse=True)
def hunspell():
    required(
        hunspell_available() is None,
        "hunspell with the nn_NO and nb_NO dictionaries",
        "install hunspell and hunspell-no",
    )


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


def run(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tools.spelling", "--root", str(root), *args], cwd=ROOT, capture_output=True, text=True
    )


def findings(root: Path) -> list[str]:
    result = run(root)
    assert result.returncode == 0, result.stderr
    return [line for line in result.stdout.splitlines() if line and not line.startswith("Stavekontroll:")]


def test_a_bokmal_word_in_nynorsk_text_is_reported_with_file_and_line(tmp_path):
    write(
        tmp_path,
        {
            "docs/side.md": """
            ---
            title: Ei side
            ---

            # Koordinator

            Pasienten får koordinator.
            Koordinatoren kan ikke gjere alt åleine, og tjenester må samordnast.
            """,
        },
    )
    assert findings(tmp_path) == [
        "docs/side.md:8: «ikke» – bokmålsform i nynorsk tekst",
        "docs/side.md:8: «tjenester» – bokmålsform i nynorsk tekst",
    ]


def test_a_nynorsk_word_on_a_bokmal_page_is_reported(tmp_path):
    write(
        tmp_path,
        {
            "docs/pasient/nb/side.md": """
            ---
            lang: nb
            ---

            # Koordinator

            Pasienten har rett til koordinator.
            Koordinatoren kan ikkje gjøre alt alene.
            """,
            # A bokmål page outside the bokmål folder is known by its front matter.
            "docs/annan.md": "---\nlang: nb\n---\n\nDu trenger ikke vente.\n",
        },
    )
    assert findings(tmp_path) == ["docs/pasient/nb/side.md:8: «ikkje» – nynorskform i bokmålstekst"]


def test_an_unknown_word_is_reported_with_the_word_list_advice_and_the_count(tmp_path):
    write(tmp_path, {"docs/side.md": "Pasienten får ein koordinatr.\n", "docs/annan.md": "Alt er rett her.\n"})
    result = run(tmp_path)
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        f"docs/side.md:1: «koordinatr» – {UNKNOWN_NN}",
        "",
        f"Stavekontroll: 1 funn i 1 filer. Rett skrivefeila; er ordet rett, legg det til i {WORD_LIST}.",
    ]


def test_a_word_in_the_word_list_is_not_reported_nor_its_inflections(tmp_path):
    page = "KE i helseføretaket tek imot meldinga. Helseføretak har ein KE.\n"
    write(tmp_path, {"docs/side.md": page})
    assert {"docs/side.md:1: «KE»", "docs/side.md:1: «Helseføretak»"} <= {
        line.split(" – ")[0] for line in findings(tmp_path)
    }
    write(tmp_path, {WORD_LIST: "# Fagord\nKE\nhelseføretak/føretak nn  # bøyd som føretak\n"})
    assert findings(tmp_path) == []


def test_a_word_listed_for_one_language_only_is_still_reported_in_the_other(tmp_path):
    write(
        tmp_path,
        {
            WORD_LIST: "statsforvaltar/forvaltar nn\n",
            "docs/side.md": "Du kan klage til statsforvaltaren.\n",
            "docs/pasient/nb/side.md": "Du kan klage til statsforvaltaren.\n",
        },
    )
    assert [line.split(" – ")[0] for line in findings(tmp_path)] == ["docs/pasient/nb/side.md:1: «statsforvaltaren»"]


def test_code_urls_link_targets_ids_html_and_markup_are_not_checked(tmp_path):
    write(
        tmp_path,
        {
            "docs/side.md": """
            ---
            title: Rett tittel
            ikke_eit_felt: ikke
            ---

            # Overskrift {#ikke-id}

            Køyr `ikke --hva` i terminalen, eller sjå https://example.org/ikke/hva og <https://jeg.example>.
            Les [retningslinja](ikke/hva.md "ikke") og [punktet](retningslinje:ikke){ .ikke }.
            Skriv til <span class="ikke">koordinatoren</span> på hva@example.org.
            <!-- ikke hva jeg -->

            ```yaml
            ikke: hva jeg
            ```

            !!! ikke "Lokalt val"
                Innhaldet er rett.

            [Les på bokmål](nb/index.md){ lang=nb hreflang=nb }: [Informasjon til pasienter](nb/index.md){ lang=nb }
            """,
        },
    )
    assert findings(tmp_path) == []


def test_yaml_text_fields_are_checked_at_their_line_and_ids_are_not(tmp_path):
    write(
        tmp_path,
        {
            "quizzes/1-modul.yml": """
            # yaml-language-server: $schema=../schemas/module.schema.json
            id: ikke-hva
            title: Ein modul
            target_roles: [jeg]
            introduction: |
              Første linje er rett.
              Andre linje har ikke rett form.
            questions:
              - id: hva
                type: single
                text: "Kva gjer du?"
            """,
            "roles/rolle.yml": "id: jeg\nname: Rolle\nsummary: Ei rolle som [lenkjer](retningslinje:hva).\n",
        },
    )
    assert findings(tmp_path) == ["quizzes/1-modul.yml:7: «ikke» – bokmålsform i nynorsk tekst"]


def test_it_is_a_warning_unless_strict(tmp_path):
    write(tmp_path, {"docs/side.md": "Dette er ikke nynorsk.\n"})
    assert run(tmp_path).returncode == 0
    assert main(["--root", str(tmp_path)]) == 0
    strict = run(tmp_path, "--strict")
    assert strict.returncode == 1
    assert "docs/side.md:1: «ikke» – bokmålsform i nynorsk tekst" in strict.stdout
    write(tmp_path, {"docs/side.md": "Dette er nynorsk.\n"})
    assert run(tmp_path, "--strict").returncode == 0


def test_the_real_content_is_checked_and_the_domain_words_are_known(tmp_path):
    result = run(ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].startswith("Stavekontroll:")
    # The domain terms in the word list are known in every form the content uses.
    for word in ("KE", "helseføretaket", "spesialisthelsetenestelova", "koordinatorordninga", "statsforvaltaren"):
        assert f"«{word}»" not in result.stdout


def test_a_variant_of_a_term_is_reported_with_the_form_to_use(tmp_path):
    write(
        tmp_path,
        {
            "spelling/termar.txt": "# Éi form per omgrep\nvilkåret: vilkåra\nei generell oversikt: ein generell oversikt  # § 11\n",
            "docs/side.md": "Når vilkåret er oppfylt, melder du frå.\nKjenner du Vilkåra for koordinator?\n",
            # A form of more than one word is found across a line break, in a YAML text field too.
            "quizzes/1-modul.yml": "id: modul\ntitle: Ein modul\nintroduction: |\n  Eininga skal ha ein generell\n  oversikt over tiltaka.\n",
            # The bokmål pages have their own forms and are not checked against the list.
            "docs/pasient/nb/side.md": "---\nlang: nb\n---\n\nDu har rett til en koordinator.\n",
        },
    )
    assert findings(tmp_path) == [
        "docs/side.md:2: «Vilkåra» – skriv «vilkåret»: éi form for omgrepet (sjå spelling/termar.txt)",
        "quizzes/1-modul.yml:4: «ein generell oversikt» – skriv «ei generell oversikt»: éi form for omgrepet (sjå spelling/termar.txt)",
    ]
    # A variant inside a longer word is another word.
    write(
        tmp_path,
        {
            "docs/side.md": "Når vilkåret er oppfylt, melder du frå.\n",
            "quizzes/1-modul.yml": "id: modul\ntitle: Tilleggsvilkåra\n",
        },
    )
    assert [line for line in findings(tmp_path) if "éi form for omgrepet" in line] == []


def test_a_term_line_that_cannot_be_read_stops_the_strict_check_with_its_line(tmp_path):
    write(tmp_path, {"spelling/termar.txt": "vilkåret: vilkåra\nmynde myndigheit\n", "docs/side.md": "Tekst.\n"})
    result = run(tmp_path, "--strict")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "Stavekontroll hoppa over: spelling/termar.txt:2: skriv forma vi brukar, eit kolon og formene ho erstattar, "
        "til dømes «vilkåret: vilkåra»."
    )
    assert "Traceback" not in result.stderr


def test_the_real_content_uses_one_form_per_term():
    from tools.spelling import TERMS, term_findings

    assert (ROOT / TERMS).is_file()
    assert [str(f) for f in term_findings(ROOT)] == []
