"""Every editor mistake in a module file is reported with file, question id, line and what to do."""

from pathlib import Path

import pytest

from content.errors import ContentErrors
from content.guideline.loader import load_guideline
from content.training.loader import load_modules
from tests.sitebuild import edit as edit_file

MODULE = "quizzes/test-modul.yml"


def edit(project: Path, old: str, new: str) -> None:
    edit_file(project, MODULE, old, new)


def load(project: Path):
    guideline = load_guideline(project)
    return load_modules(project, "quizzes", guideline.section_ids)


def test_module_loads_with_cases_and_true_false(project):
    [loaded] = load(project)
    module = loaded.module
    assert loaded.file == MODULE
    assert [q.id for q, _ in module.all_questions()] == [
        "samtykke-kven",
        "melding-kven",
        "formal-sant",
        "case-a-melde",
        "case-a-sant",
        "case-b-kven",
        "case-b-sant",
        "journal-usant",
    ]
    assert [case.id for _, case in module.all_questions() if case] == ["case-a", "case-a", "case-b", "case-b"]
    assert module.drawn() == (2, 1) and module.review == "etter-bestått"
    true_false = dict((q.id, q) for q, _ in module.all_questions())["case-a-sant"]
    assert [(o.id, o.text, o.correct) for o in true_false.choices()] == [
        ("sant", "Sant", False),
        ("usant", "Usant", True),
    ]


def test_manifest_holds_exactly_what_the_tracker_needs(project):
    import datetime as dt

    from content.training.manifest import manifest

    shown = {
        "explanation": "<p>Begge får melding.</p>",
        "sections": [{"label": "2.2 Melding til kommunen", "url": "../../retningslinje/oppnemning/#melding"}],
    }
    data = manifest(
        [loaded.module for loaded in load(project)],
        "TEST-RL",
        "2.1",
        time_zone="Europe/Oslo",
        roles={"koordinator": "Koordinator"},
        feedback={"test-modul": {"melding-kven": shown}},
    )
    built = dt.datetime.fromisoformat(data.pop("built_at"))
    assert built.tzinfo is not None and abs(dt.datetime.now(dt.UTC) - built) < dt.timedelta(minutes=5)
    none = {"explanation": "", "sections": []}  # no feedback given for these questions
    single = {"type": "single", "options": ["a", "b"], "correct": ["a"], **none}
    assert data == {
        "format": 1,
        "time_zone": "Europe/Oslo",
        "guideline": {"document_id": "TEST-RL", "version": "2.1", "read_confirmation_roles": []},
        "roles": {"koordinator": "Koordinator"},
        "modules": [
            {
                "id": "test-modul",
                "title": "Testmodul",
                "version": "1.2",
                "target_roles": ["koordinator"],
                "minutes": 5,
                "pass_mark": 50,
                "draw": 3,
                "draw_questions": 2,
                "draw_cases": 1,
                "review": "etter-bestått",
                "validity_months": 12,
                "items": [
                    {"id": "samtykke-kven", "case": False, "questions": ["samtykke-kven"]},
                    {"id": "melding-kven", "case": False, "questions": ["melding-kven"]},
                    {"id": "formal-sant", "case": False, "questions": ["formal-sant"]},
                    {"id": "case-a", "case": True, "questions": ["case-a-melde", "case-a-sant"]},
                    {"id": "case-b", "case": True, "questions": ["case-b-kven", "case-b-sant"]},
                    {"id": "journal-usant", "case": False, "questions": ["journal-usant"]},
                ],
                "questions": {
                    "samtykke-kven": {**single, "refs": ["samtykke"]},
                    "melding-kven": {
                        "type": "multiple",
                        "options": ["a", "b", "c"],
                        "correct": ["a", "b"],
                        "refs": ["melding", "oppnemning"],
                        **shown,
                    },
                    "formal-sant": {
                        "type": "true_false",
                        "options": ["sant", "usant"],
                        "correct": ["sant"],
                        "refs": ["formal"],
                        **none,
                    },
                    "case-a-melde": {**single, "refs": ["bakgrunn"]},
                    "case-a-sant": {
                        "type": "true_false",
                        "options": ["sant", "usant"],
                        "correct": ["usant"],
                        "refs": ["bakgrunn"],
                        **none,
                    },
                    "case-b-kven": {**single, "refs": ["bakgrunn", "melding"]},
                    "case-b-sant": {
                        "type": "true_false",
                        "options": ["sant", "usant"],
                        "correct": ["sant"],
                        "refs": ["bakgrunn", "melding"],
                        **none,
                    },
                    "journal-usant": {
                        "type": "true_false",
                        "options": ["sant", "usant"],
                        "correct": ["usant"],
                        "refs": ["journal"],
                        **none,
                    },
                },
            }
        ],
        "edition": None,
    }


MISTAKES = [
    (
        "refs: [samtykke]",
        "refs: [samtykkje]",
        "quizzes/test-modul.yml:18: spørsmål «samtykke-kven»: tilvisinga «samtykkje» peikar på ein id som ingen overskrift i retningslinja har",
    ),
    (
        "  - id: melding-kven",
        "  - id: samtykke-kven",
        "quizzes/test-modul.yml:20: spørsmål «samtykke-kven»: id-en er brukt før i modulen",
    ),
    (
        "      - id: case-a-sant",
        "      - id: case-a-melde",
        "quizzes/test-modul.yml:51: spørsmål «case-a-melde»: id-en er brukt før i modulen",
    ),
    (
        "      - {id: b, text: Pasienten, correct: true}",
        "      - {id: a, text: Pasienten, correct: true}",
        "quizzes/test-modul.yml:25: spørsmål «melding-kven»: svaralternativet «a» står to gonger",
    ),
    (
        "      - {id: a, text: Pasienten, correct: true}\n      - {id: b, text: Leiaren}",
        "      - {id: a, text: Pasienten}\n      - {id: b, text: Leiaren}",
        "quizzes/test-modul.yml:15: spørsmål «samtykke-kven»: ingen svaralternativ er merkte med «correct: true»",
    ),
    (
        "      - {id: b, text: Leiaren}",
        "      - {id: b, text: Leiaren, correct: true}",
        "quizzes/test-modul.yml:15: spørsmål «samtykke-kven»: type single skal ha eitt rett svar, men a, b er merkte som rette",
    ),
    ("pass_mark: 50", "pass_mark: 0", "quizzes/test-modul.yml:6: «pass_mark» må vere minst 1, ikkje 0"),
    ("pass_mark: 50", "pass_mark: 101", "quizzes/test-modul.yml:6: «pass_mark» kan vere høgst 100, ikkje 101"),
    ("pass_mark: 50", 'pass_mark: "50"', "quizzes/test-modul.yml:6: «pass_mark» skal vere eit heiltal, ikkje «50»"),
    (
        "draw: {questions: 2, cases: 1}",
        "draw: {questions: 5, cases: 3}",
        "quizzes/test-modul.yml:7: draw.questions er 5, men modulen har berre 4 enkeltspørsmål å trekkje frå; set talet lågare",
    ),
    (
        "draw: {questions: 2, cases: 1}",
        "draw: {questions: 2, cases: 3}",
        "quizzes/test-modul.yml:7: draw.cases er 3, men modulen har berre 2 casar",
    ),
    (
        "    explanation: Begge får melding.",
        "    explanation: Begge får melding.\n    hint: feil",
        "quizzes/test-modul.yml:28: ukjent felt «questions[melding-kven].hint»",
    ),
    (
        "    type: multiple",
        "    type: fleirval",
        "quizzes/test-modul.yml:20: «type» i «questions[melding-kven]» må vere ein av 'single', 'multiple', 'true_false', 'case', ikkje «fleirval»",
    ),
    (
        "      - {id: c, text: Ingen}",
        "      - {id: c, text: Ingen, correct: ja}",
        "quizzes/test-modul.yml:26: «questions[melding-kven].options[c].correct» skal vere true eller false, ikkje «ja»",
    ),
    (
        "    explanation: Pasienten samtykkjer.\n",
        "",
        "quizzes/test-modul.yml:11: feltet «explanation» manglar i «questions[samtykke-kven]»",
    ),
    (
        "    text: Kva gjer du?",
        "    text: |\n          Kva gjer du?\n\n          Vel eitt svar.",
        "quizzes/test-modul.yml:45: spørsmål «case-a-melde»: spørsmålsteksten må vere eitt avsnitt",
    ),
    ("title: Testmodul", "title: [Testmodul", "quizzes/test-modul.yml:2: ugyldig YAML (while parsing a flow sequence"),
    ('version: "1.2"', "version: 1.2", "quizzes/test-modul.yml:3: «version» skal vere tekst"),
    ("id: test-modul", "id: Test modul", "quizzes/test-modul.yml:1: «id»: «Test modul» er ikkje ein gyldig id"),
]


@pytest.mark.parametrize(("old", "new", "expected"), MISTAKES, ids=[m[2].split(": ", 1)[1][:50] for m in MISTAKES])
def test_mistake_is_named_with_file_question_and_line(project, old, new, expected):
    edit(project, old, new)
    with pytest.raises(ContentErrors) as caught:
        load(project)
    messages = [str(error) for error in caught.value.errors]
    assert any(expected in message for message in messages), messages


def test_yaml_error_names_where_it_began_and_where_it_was_noticed(project):
    edit(project, "title: Testmodul", "title: [Testmodul")
    with pytest.raises(ContentErrors) as caught:
        load(project)
    [message] = [str(error) for error in caught.value.errors]
    assert message.startswith("quizzes/test-modul.yml:2: ugyldig YAML") and "oppdaga på linje 3" in message


def test_two_modules_with_the_same_id(project):
    (project / "quizzes" / "kopi.yml").write_text((project / MODULE).read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(ContentErrors) as caught:
        load(project)
    assert [str(e) for e in caught.value.errors] == [
        "quizzes/test-modul.yml:1: modul-id-en «test-modul» er brukt før i quizzes/kopi.yml; gje modulen ein ny id"
    ]
