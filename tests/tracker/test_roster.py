"""The roster parser on its own, message by message: every mistake gets its whole message and its line, and what
is read is exactly what the file says (a table that the mutation run holds the parser to)."""

import pytest

from tracker.roster import RosterError, decode, parse_roster

ROLES = {"koordinator", "einingsleiar"}
HEAD = "tilsettnummer;namn;eining;roller\n"
USE = "Bruk tilsettnummer, namn, eining, roller og eventuelt leiar_for."

MISTAKES = [
    ("", 1, "Fila er tom. Den første linja skal vere overskriftene tilsettnummer;namn;eining;roller;leiar_for."),
    (
        "tilsettnummer;namn;eining;roller;namn;eining\n",
        1,
        "Kolonnen eining, namn står meir enn éin gong. Ta bort den eine.",
    ),
    (
        "tilsettnummer;namn;eining;roller;avdeling;stilling\n",
        1,
        f"Overskriftene er feil (ukjend avdeling, stilling). {USE}",
    ),
    ("tilsettnummer;namn;avdeling\n", 1, f"Overskriftene er feil (manglar eining, roller; ukjend avdeling). {USE}"),
    ("\n", 1, f"Overskriftene er feil (manglar tilsettnummer, namn, eining, roller). {USE}"),
    (HEAD + "1;" + "A" * 121 + ";B;koordinator\n", 2, "namn må ha 1–120 teikn utan kontrollteikn."),
    (HEAD + "1;" + "A" * 120 + ";" + "B" * 121 + ";koordinator\n", 2, "eining må ha 1–120 teikn utan kontrollteikn."),
    (HEAD + "1" * 33 + ";A;B;koordinator\n", 2, "tilsettnummer må ha 1–32 teikn utan kontrollteikn."),
    (HEAD + "1;A\x07;B;koordinator\n", 2, "namn må ha 1–120 teikn utan kontrollteikn."),
    (HEAD + ";A;B;koordinator\n", 2, "tilsettnummer må ha 1–32 teikn utan kontrollteikn."),
    (HEAD + "1;A;B;\n", 2, "Ingen roller. Bruk rolle-id-ane einingsleiar, koordinator (fleire med mellomrom)."),
    (
        HEAD + "1;A;B;koordinator portnar, vakt\n",
        2,
        "«portnar, vakt» er ikkje ei rolle på nettstaden. Bruk rolle-id-ane einingsleiar, koordinator (fleire med mellomrom).",
    ),
    (
        HEAD + "1;A;B;koordinator\n\n2;C;B;koordinator\n1;D;B;koordinator\n",
        5,
        "Tilsettnummeret 1 står òg på linje 2. Kvar person skal stå éin gong.",
    ),
    (
        HEAD + "1;A;B;koordinator\n2;C;B\n",
        3,
        "3 felt, men overskrifta har 4. Sjå etter eit semikolon eller komma for mykje eller for lite.",
    ),
]


@pytest.mark.parametrize(("text", "line", "message"), MISTAKES)
def test_each_mistake_has_its_whole_message_and_line(text, line, message):
    with pytest.raises(RosterError) as refused:
        parse_roster(text, ROLES)
    assert (refused.value.line, str(refused.value)) == (line, f"Linje {line}: {message}")


def test_what_is_read_is_what_the_file_says():
    text = (
        "\ufeffTilsettnummer ; Namn;EINING;roller;leiar_for\r\n"
        "1; Nordmann, Kari ;Med, pol.;koordinator, einingsleiar;Med, pol.| |Kir\r\n"
        ";;;;\r\n"
        "2;Per;Kir;koordinator;\r\n"
    )
    assert parse_roster(text, ROLES) == [
        {
            "employee": "1",
            "name": "Nordmann, Kari",
            "unit": "Med, pol.",
            "roles": "koordinator einingsleiar",
            "leads": "Med, pol.|Kir",
        },
        {"employee": "2", "name": "Per", "unit": "Kir", "roles": "koordinator", "leads": ""},
    ]


def test_the_separator_is_read_from_the_header_line_alone():
    """A semicolon file whose names hold more commas than the header has semicolons is still a semicolon file; a
    comma file is a comma file."""
    many_commas = HEAD + "".join(f"{n};Etternamn, Førenamn, dr., ph.d.;Med, pol., avd.;koordinator\n" for n in range(3))
    assert [p["name"] for p in parse_roster(many_commas, ROLES)] == ["Etternamn, Førenamn, dr., ph.d."] * 3
    assert parse_roster("tilsettnummer,namn,eining,roller\n1,A;B,Med,koordinator\n", ROLES)[0]["name"] == "A;B"


def test_a_leader_of_a_unit_nobody_works_in_names_the_units_there_are():
    with pytest.raises(RosterError) as refused:
        parse_roster(
            "tilsettnummer;namn;eining;roller;leiar_for\n1;A;Med;einingsleiar;Kir|Med|Øyre\n2;B;Auge;koordinator;\n",
            ROLES,
        )
    assert str(refused.value) == (
        "Linje 2: leiar_for nemner «Kir», «Øyre», men ingen i lista arbeider i den eininga. "
        "Sjå etter skrivefeil; einingane i fila er: Auge, Med."
    )


def test_encodings_as_excel_saves_them():
    assert decode("\ufeffÆ".encode()) == ("Æ", "UTF-8")
    assert decode("Æ".encode("cp1252")) == ("Æ", "Windows-1252")
    with pytest.raises(RosterError) as refused:
        decode(b"\x81\x8d")
    assert refused.value.line is None
    assert (
        str(refused.value)
        == "Fila er verken UTF-8 eller Windows-1252. Opne ho i Excel og vel «Lagre som» → «CSV UTF-8 (kommadelt)»."
    )
    with pytest.raises(RosterError) as refused:
        parse_roster("\r0", ROLES)
    assert (
        str(refused.value)
        == "Fila er ikkje ei CSV-fil som kan lesast. Opne ho i Excel og lagre ho på nytt som «CSV UTF-8 (kommadelt)»."
    )
