"""The answer-cue check: modules built to trip each cue get a warning that names the cue, the count and the
threshold; a module without cues gets none; and in a real strict build the warning fails it with file and line."""

from content.training.cues import find_cues
from content.training.model import Module
from tests.sitebuild import build_site, edit


def single(id_, key, *others, scenario=False):
    options = [{"id": "a", "text": key, "correct": True}] + [
        {"id": chr(98 + n), "text": t} for n, t in enumerate(others)
    ]
    return {
        "id": id_,
        "type": "single",
        "text": "Kva gjer du?",
        "explanation": "Fordi.",
        "refs": ["x"],
        "options": options,
        "scenario": scenario,
    }


def multiple(id_, right: int, wrong: int = 2):
    # Right and wrong options in the same words, so that only the count of right options can be a cue.
    options = [{"id": f"r{n}", "text": f"Alternativ {n}", "correct": True} for n in range(right)]
    options += [{"id": f"w{n}", "text": f"Alternativ {n}"} for n in range(max(wrong, right))]
    return {
        "id": id_,
        "type": "multiple",
        "text": "Kva passar?",
        "explanation": "Fordi.",
        "refs": ["x"],
        "options": options,
        "scenario": True,
    }


def statement(id_, answer: bool):
    return {
        "id": id_,
        "type": "true_false",
        "text": "Påstand.",
        "answer": answer,
        "explanation": "Fordi.",
        "refs": ["x"],
        "scenario": True,
    }


def module(*questions) -> Module:
    return Module.model_validate(
        {
            "id": "m",
            "title": "M",
            "version": "1.0",
            "target_roles": ["r"],
            "minutes": 5,
            "pass_mark": 80,
            "validity_months": 12,
            "introduction": "I.",
            "questions": list(questions),
        }
    )


def messages(*questions) -> list[str]:
    return [cue.message for cue in find_cues(module(*questions))]


LONG = "Ein lang og grundig formulert rett påstand"


def test_key_longest_in_more_than_a_third_of_single_choice_items_is_a_cue():
    # Two of four keys longest: 50 % > 33 %.
    found = messages(
        single("q1", LONG, "Kort", "Kortare", scenario=True),
        single("q2", LONG, "Kort", "Kortare", scenario=True),
        single("q3", "Kort", LONG, "Kortare", scenario=True),
        single("q4", "Kort", "Kortare", LONG, scenario=True),
    )
    assert found == [
        "det rette svaret er det lengste alternativet i 2 av 4 spørsmål med eitt rett svar (50 %, høgst 33 %): q1, q2. "
        "Skriv dei gale alternativa like presise og lange, eller det rette kortare"
    ]


def test_a_third_is_allowed_and_a_tie_is_not_longest():
    assert (
        messages(
            single("q1", LONG, "Kort", "Kortare", scenario=True),
            single("q2", "Like lang", "Like lang", "Kort", scenario=True),  # tie: not the longest
            single("q3", "Kort", LONG, "Kortare", scenario=True),
        )
        == []
    )


def test_too_few_single_choice_items_are_not_measured():
    assert (
        messages(single("q1", LONG, "Kort", "Kortare", scenario=True), single("q2", LONG, "Kort", "K", scenario=True))
        == []
    )


def test_same_number_of_right_options_is_a_cue():
    found = messages(multiple("a", 3), multiple("b", 3), multiple("c", 2), multiple("d", 3), multiple("e", 3))
    assert found == [
        "4 av 5 spørsmål med fleire rette svar har 3 rette alternativ (80 %, høgst 60 %). Varier talet på rette alternativ"
    ]
    # Three of five is 60 %: allowed.
    assert messages(multiple("a", 3), multiple("b", 3), multiple("c", 2), multiple("d", 3), multiple("e", 1)) == []


def test_true_false_leaning_one_way_is_a_cue():
    assert messages(statement("a", False), statement("b", False), statement("c", True), statement("d", False)) == [
        "1 av 4 påstandar er sanne (25 %; mellom 33 % og 67 % skal vere sanne). Skriv om nokre påstandar slik at svaret blir det motsette"
    ]
    assert messages(statement("a", True), statement("b", True)) != []
    assert messages(statement("a", True), statement("b", False), statement("c", True)) == []  # 2 of 3 = 67 %


def test_recall_items_in_the_majority_is_a_cue_and_a_case_counts_as_a_situation():
    # The right option is «Kort» in one item and «Lengre» in another, so that no word is a cue.
    case = {
        "id": "c",
        "type": "case",
        "title": "T",
        "story": "S.",
        "questions": [single("c1", "Kort", "Lengre", "Lengst av alle")],
    }
    recall = [
        single(f"r{n}", *(("Kort", "Lengre") if n % 2 else ("Lengre", "Kort")), "Lengst av alle") for n in range(3)
    ]
    assert messages(case, *recall) == [
        "berre 1 av 4 spørsmål er situasjonar (25 %, minst 50 %). Skriv fleire spørsmål der deltakaren tek ei avgjerd i ein konkret situasjon (case, eller scenario: true)"
    ]
    recall[0]["scenario"] = True
    assert messages(case, *recall) == []


def test_a_cue_fails_the_strict_build_with_file_and_line(project):
    edit(project, "quizzes/test-modul.yml", "    scenario: true\n", "")
    result = build_site(project)
    assert not result.ok
    assert any(
        w.startswith("WARNING: plugins: quizzes/test-modul.yml:11: modulen «test-modul» røper svar: berre 2 av 6")
        for w in result.warnings()
    ), result.log
    assert "Traceback" not in result.log


def test_the_sites_own_modules_have_no_cues():
    from content.yamlfile import load_yaml, validate
    from tests.sitebuild import ROOT

    for path in sorted((ROOT / "quizzes").glob("*.yml")):
        found = find_cues(validate(Module, load_yaml(path.read_text(encoding="utf-8"), path.name)))
        assert found == [], (path.name, [c.message for c in found])


def test_a_phrase_in_three_right_options_and_no_wrong_one_is_a_cue():
    found = messages(
        single("a", "Melde snarast mogleg til KE", "Vente på leiaren", "Seie frå til fastlegen", scenario=True),
        single("b", "Ringje KE snarast mogleg", "Skrive eit notat", "Spørje ein kollega", scenario=True),
        single("c", "Seie frå snarast mogleg", "Vente ei veke", "Gjere ingenting no", scenario=True),
    )
    assert [
        m
        for m in found
        if m.startswith("«snarast mogleg» står i 3 rette alternativ og ikkje i noko gale (grensa er 3)")
    ], found
    assert not [m for m in found if m.startswith("«snarast» står")], "only the longest phrase of a group is named"


def test_a_phrase_also_in_a_wrong_option_or_in_two_right_ones_is_no_cue():
    in_a_wrong_one = messages(
        single("a", "Melde snarast mogleg til KE", "Vente snarast mogleg", "Seie frå til fastlegen", scenario=True),
        single("b", "Ringje KE snarast mogleg", "Skrive eit notat", "Spørje ein kollega", scenario=True),
        single("c", "Seie frå snarast mogleg", "Vente ei veke", "Gjere ingenting no", scenario=True),
    )
    twice = messages(
        single("a", "Melde snarast mogleg til KE", "Vente på leiaren", "Seie frå til fastlegen", scenario=True),
        single("b", "Ringje KE snarast mogleg", "Skrive eit notat", "Spørje ein kollega", scenario=True),
    )
    assert not [m for m in in_a_wrong_one + twice if "snarast" in m]


def test_function_words_alone_are_no_cue():
    found = messages(
        *(
            single(q, f"Kven som {w} det", f"Ingen {w}", f"Dei {w} ikkje", scenario=True)
            for q, w in [("a", "melder"), ("b", "skriv"), ("c", "ringjer")]
        )
    )
    assert not [m for m in found if m.startswith("«kven som»")], found


def test_absolute_words_only_in_wrong_options_are_a_cue():
    found = messages(
        single("a", "Du melder til KE", "Du melder aldri til KE", "Leiaren melder", scenario=True),
        single("b", "Pasienten samtykkjer", "Pasienten samtykkjer aldri", "Kommunen avgjer", scenario=True),
    )
    assert (
        "«aldri» står i 2 gale alternativ og ikkje i noko rett: den som strykar alternativ med «aldri», finn svaret utan å kunne stoffet. Skriv dei gale alternativa utan ordet, eller bruk det der det er rett òg"
        in found
    )
    once = messages(single("a", "Du melder til KE", "Du melder aldri til KE", "Leiaren melder", scenario=True))
    also_right = messages(
        single("a", "Du melder aldri til leiaren", "Du melder aldri til KE", "Leiaren melder", scenario=True),
        single("b", "Pasienten samtykkjer", "Pasienten samtykkjer aldri", "Kommunen avgjer", scenario=True),
    )
    assert not [m for m in once + also_right if m.startswith("«aldri»")]


def test_a_pool_under_twice_what_is_drawn_fails_the_strict_build(project):
    edit(project, "quizzes/test-modul.yml", "draw: {questions: 2, cases: 1}", "draw: {questions: 3, cases: 1}")
    result = build_site(project)
    assert not result.ok
    assert (
        "WARNING: plugins: quizzes/test-modul.yml:7: modulen «test-modul» trekkjer 3 enkeltspørsmål per forsøk, men har berre 4 "
        "å trekkje frå; med færre enn 6 får to forsøk for mange spørsmål felles. Skriv fleire enkeltspørsmål, eller trekk færre"
    ) in result.warnings()


def test_cases_of_unequal_length_cannot_be_drawn(project):
    edit(
        project,
        "quizzes/test-modul.yml",
        "        refs: [bakgrunn]\n  - id: case-b",
        (
            '        refs: [bakgrunn]\n      - id: case-a-tredje\n        type: true_false\n        text: "Påstand: Tre."\n'
            "        answer: false\n        explanation: Nei.\n        refs: [bakgrunn]\n  - id: case-b"
        ),
    )
    result = build_site(project)
    assert not result.ok
    assert (
        "quizzes/test-modul.yml:7: casane har ulikt mange spørsmål (case-a (3), case-b (2)), så to forsøk ville få ulikt mange spørsmål å svare på"
        in result.log
    ), result.log
