"""Markdown slips that Python-Markdown renders silently wrong are named at their own file and line, with what to do:
an unclosed code fence or HTML block, an empty box, a list run into the paragraph above, a sub-point that is too
shallow. Correct Markdown, and the project's own pages, give no message."""

import shutil

import pytest

from content.pages.markdown_checks import UnclosedBlock, check_markdown
from tests.sitebuild import ROOT, build_site, copy_project, edit, write

FENCE = "```"


def errors(text: str) -> list[tuple[int, str]]:
    return [(error.line, error.message) for error in check_markdown(text, "docs/side.md")]


def lines(text: str) -> list[int]:
    return [line for line, _ in errors(text)]


# --- 1. Code fences ---------------------------------------------------------------------------------------------------


def test_an_unclosed_fence_is_one_error_where_it_opens():
    text = f"# Tittel\n\nTekst.\n\n{FENCE}yaml\nid: a\n\nTekst\n- ikkje ei liste\n\n!!! note\nutan innrykk\n"
    [(line, message)] = errors(text)
    assert line == 5
    assert (
        message
        == f"kodeblokka som startar her ({FENCE}) blir aldri lukka, så resten av fila blir kode; skriv {FENCE} på ei eiga linje der ho sluttar"
    )


def test_an_unclosed_tilde_fence_names_its_own_fence():
    [(line, message)] = errors("Tekst.\n\n~~~~\nkode\n~~~\n")
    assert line == 3 and "(~~~~) blir aldri lukka" in message and "skriv ~~~~ på ei eiga linje" in message


def test_a_fence_in_a_list_left_open_when_the_text_goes_back_out():
    text = f"1. Steg\n\n    {FENCE}sh\n    make site\n\nVidare tekst.\n"
    [(line, message)] = errors(text)
    assert line == 3
    assert "blir ikkje lukka før teksten går tilbake til mindre innrykk på linje 6" in message
    assert "med same innrykk (4 mellomrom) som her" in message


def test_a_new_block_started_before_the_last_is_closed():
    text = f"{FENCE}yaml\nid: a\n\n{FENCE}python\nprint()\n{FENCE}\n"
    [(line, message)] = errors(text)
    assert line == 1 and "blir ikkje lukka før ei ny kodeblokk startar på linje 4" in message


def test_a_closing_fence_must_have_the_opening_indent():
    # superfences closes a block only at the opening's indent: a closing fence further in is part of the code.
    assert lines(f"- Punkt\n\n    {FENCE}\n    kode\n      {FENCE}\n") == [3]


def test_an_unclosed_block_is_marked_as_one_that_swallows_the_rest():
    [error] = check_markdown(f"{FENCE}\nkode\n", "docs/side.md")
    assert isinstance(error, UnclosedBlock) and str(error).startswith("docs/side.md:1: ")


# --- 2. HTML blocks ---------------------------------------------------------------------------------------------------


def test_an_unclosed_div_is_named_where_it_opens():
    [(line, message)] = errors("Tekst.\n\n<div markdown>\n\n**Viktig**\n\n## Neste del\n\nTekst.\n")
    assert line == 3
    assert (
        message
        == "<div> som blir opna her, blir aldri lukka, så resten av sida hamnar inni han; skriv </div> på ei eiga linje der blokka sluttar"
    )


def test_an_inner_tag_left_open_when_the_outer_closes():
    text = "<details markdown>\n<summary>Meir</summary>\n\n<div markdown>\nTekst\n\n</details>\n"
    [(line, message)] = errors(text)
    assert (
        line == 4
        and "<div> som blir opna her, blir ikkje lukka før </details> på linje 7; skriv </div> før </details>"
        in message
    )


def test_a_closing_tag_without_its_opening():
    [(line, message)] = errors("Tekst.\n\n</div>\n")
    assert line == 3 and "</div> her lukkar ingen open <div>" in message


def test_an_unclosed_comment():
    [(line, message)] = errors("Tekst.\n\n<!-- hugs å\n\nTekst.\n")
    assert line == 3 and "kommentaren som startar her (<!--) blir aldri lukka" in message


# --- 3. Boxes ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        '!!! note "Tittel"',
        '??? note "Tittel"',
        '???+ tip "Tittel"',
        '!!! lokalt-val "Kven avgjer"',
        '!!! ke-sjekk "Kontaktlege"',
        "!!! warning",
    ],
)
def test_a_box_without_indented_text_is_empty(header):
    [(line, message)] = errors(f"Tekst.\n\n{header}\nTeksten utan innrykk.\n")
    kind = header.split()[1]
    assert line == 3
    assert (
        message
        == f"boksen «{kind}» har ingen tekst med innrykk under seg og blir ein tom boks; skriv teksten på linjene under med 4 mellomrom først på kvar linje"
    )


def test_a_box_at_the_end_of_the_file_is_empty():
    assert lines('Tekst.\n\n!!! note "Tittel"\n') == [3]


def test_a_box_with_two_spaces_says_how_many():
    [(line, message)] = errors('!!! note "Tittel"\n  Teksten.\n')
    assert line == 1 and "teksten under har berre 2 mellomrom innrykk og hamnar utanfor boksen" in message


def test_a_box_in_a_list_item_needs_eight_spaces():
    [(line, message)] = errors('- Punkt\n\n    !!! note "Tittel"\n    Teksten.\n')
    assert line == 3 and "med 8 mellomrom først" in message


# --- 4. A list right under a paragraph ----------------------------------------------------------------------------------


def test_a_list_right_under_a_paragraph():
    [(line, message)] = errors("# Tittel\n\nGjer slik:\n1. Første steg.\n2. Andre steg.\n")
    assert line == 4
    assert (
        message
        == "lista som startar her, står rett under eit avsnitt utan tom linje imellom, så blir lista vanleg tekst i avsnittet; set inn ei tom linje over lista"
    )


def test_a_list_of_several_items_without_a_colon_above():
    assert lines("Dette må du gjere\n- ringje\n- skrive\n") == [2]


def test_a_line_that_only_goes_on_with_a_date_is_not_a_list():
    assert errors("Lova tok til å gjelde\n1. januar 2024, og gjeld framleis.\n") == []


def test_a_list_under_a_table_or_code_block():
    [(line, message)] = errors("| A | B |\n| --- | --- |\n| 1 | 2 |\n- punkt\n")
    assert line == 4 and "rett under ein tabell" in message and "nye rader i tabellen" in message
    [(line, message)] = errors(f"{FENCE}\nkode\n{FENCE}\n- punkt\n- punkt\n")
    assert line == 4 and "rett under ei kodeblokk" in message


def test_a_list_under_a_paragraph_inside_a_box_or_a_list_item():
    assert lines('!!! note "Tittel"\n    Gjer slik:\n    - eitt\n    - to\n') == [3]
    assert lines("- Punkt\n\n    Gjer slik:\n    - eitt\n") == [4]
    assert lines("- Punkt\n\n    Meir tekst.\n- Neste punkt\n- Siste\n") == [4]


# --- 5. Nested lists --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("spaces", [2, 3])
def test_a_sub_point_with_too_few_spaces_becomes_a_step(spaces):
    [(line, message)] = errors(f"1. Første steg\n{' ' * spaces}- underpunkt\n2. Andre steg\n")
    assert line == 2
    assert message == (
        f"underpunktet her har berre {spaces} mellomrom meir innrykk enn punktet over (linje 1), så det blir eit eige punkt "
        "i same lista, ikkje eit underpunkt; set 4 mellomrom først på linja"
    )


def test_a_third_level_needs_four_more_spaces_too():
    [(line, message)] = errors("- a\n    - b\n      - c\n")
    assert line == 3 and "set 8 mellomrom først" in message


def test_a_numbered_point_right_after_bullet_points_joins_their_list():
    [(line, message)] = errors("- eitt\n- to\n\n1. Første steg\n2. Andre steg\n")
    assert line == 4 and "punktet her held fram lista over (linje 2), som har eit anna slag punkt" in message
    assert lines("- eitt\n- to\n\nStega:\n\n1. Første steg\n") == []


def test_more_text_for_an_item_with_three_spaces_falls_out_of_the_list():
    [(line, message)] = errors("1. Første steg.\n\n   Meir om steget.\n\n2. Andre steg.\n")
    assert line == 3 and "teksten her ser ut til å høyre til punktet på linje 1, men har for lite innrykk" in message


def test_a_code_block_with_three_spaces_falls_out_of_the_numbered_list():
    [(line, message)] = errors(f"1. Steg\n\n   {FENCE}sh\n   make site\n   {FENCE}\n\n2. Steg\n")
    assert (
        line == 3
        and message.startswith("kodeblokka her ser ut til å høyre til punktet på linje 1")
        and "set 4 mellomrom" in message
    )


# --- No false positives -----------------------------------------------------------------------------------------------

CORRECT = f"""---
id: oppnemning
title: Oppnemning
aliases:
- gammal-id
---

Intro med `<div>` og `` {FENCE} `` i kode, og {FENCE}kode{FENCE} på éi linje.

## Steg {{#steg}}
- punkt rett under ei overskrift
- punkt to
lat vidare tekst til punkt to

Stega:

1. Første steg.
    - underpunkt med fire mellomrom
        - nivå tre

    Eit avsnitt i steget.

    {FENCE}sh
    make site

    make preview
    {FENCE}

    !!! note "Merk"
        Boks i eit steg.

2. Andre steg.
    1. Nummerert underpunkt

Eit avsnitt mellom listene.

  - ei liste med to mellomrom
  - same nivå
      - underpunkt

!!! lokalt-val "Kven avgjer"

    Teksten etter ei tom linje.

???+ tip "Tips"
    Tekst.

| Kolonne | Verdi |
| --- | --- |
| a | 1 |

<details markdown>
<summary>Meir</summary>

- liste i ei HTML-blokk
- to

</details>

<div class="kort" markdown>
Tekst inni.
</div>

<!-- ein kommentar
over fleire linjer -->

***

~~~markdown
{FENCE}
ikkje lukka her, men det er berre eit døme
!!! note
- a
  - b
<div>
~~~

````markdown
{FENCE}yaml
id: a
{FENCE}
````

Siste avsnitt.
"""


def test_correct_markdown_gives_no_message():
    assert errors(CORRECT) == []


def test_windows_line_endings_and_tabs_are_read_as_python_markdown_reads_them():
    assert errors("1. Steg\n\t- underpunkt med tabulator\n") == []
    assert errors(f"Tekst.\r\n\r\n{FENCE}\r\nkode\r\n{FENCE}\r\n") == []


def test_exclamation_marks_that_are_not_a_box_and_self_closing_tags():
    assert errors('!!! Merk: dette er ikkje ein boks.\n\nTekst <div class="tom"/> her.\n') == []


def test_line_numbers_count_the_front_matter():
    assert lines(f"---\nid: a\ntitle: A\n---\n\n{FENCE}\n") == [6]


def test_every_page_of_this_site_is_clean():
    found = [
        str(error)
        for folder in ("docs", "guideline")
        for path in sorted((ROOT / folder).rglob("*.md"))
        for error in check_markdown(path.read_text(encoding="utf-8"), path.relative_to(ROOT).as_posix())
    ]
    assert found == []


# --- The real site ----------------------------------------------------------------------------------------------------


def test_an_unclosed_fence_in_a_chapter_stops_the_real_site_with_one_message(tmp_path):
    project = copy_project(tmp_path)
    edit(
        project,
        "guideline/oppnemning.md",
        "### Når fleire einingar er involverte",
        f"{FENCE}text\n### Når fleire einingar er involverte",
    )
    line = (project / "guideline/oppnemning.md").read_text(encoding="utf-8").split("\n").index(f"{FENCE}text") + 1
    result = build_site(project)
    assert not result.ok
    assert result.log.count("guideline/oppnemning.md:") == 1, result.log
    assert f"guideline/oppnemning.md:{line}: kodeblokka som startar her ({FENCE}) blir aldri lukka" in result.log
    assert "Traceback" not in result.log
    # Stopped before the other plugins read the swallowed headings: no message about another file.
    assert "roles/" not in result.log and "quizzes/" not in result.log and "WARNING" not in result.log


def test_slips_in_pages_are_named_from_the_folder_of_mkdocs_yml(tmp_path):
    project = copy_project(tmp_path)
    write(project, "docs/pasient/nb/ny.md", '# Ny\n\n!!! note "Tittel"\nTekst.\n')
    shutil.copy(ROOT / "mkdocs-public.yml", project / "mkdocs-public.yml")
    write(project, "plugins/public_site.py", (ROOT / "plugins/public_site.py").read_text(encoding="utf-8"))
    for config_file in ("mkdocs.yml", "mkdocs-public.yml"):
        result = build_site(project, config_file=config_file, site=tmp_path / config_file)
        assert not result.ok
        assert "docs/pasient/nb/ny.md:3: boksen «note» har ingen tekst" in result.log, result.log
        assert "Traceback" not in result.log
