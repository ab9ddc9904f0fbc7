"""A training module as plain data: questions bound to guideline sections, and how an attempt is scored."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import Field

from content.yamlfile import ContentModel, Id, Text, Version

# Ids of the roles a module is meant for; the role descriptions use the same ids.
RoleId = Id
Refs = Annotated[
    list[Id],
    Field(
        min_length=1,
        description="Id-ane til avsnitta i retningslinja som spørsmålet prøver (id-en står i {#...} etter overskrifta), minst éin",
    ),
]


class Option(ContentModel):
    """Eitt svaralternativ."""

    id: Id = Field(description="Fast id for alternativet innanfor spørsmålet, til dømes a, b og c")
    text: Text = Field(description="Teksten i svaralternativet")
    correct: bool = Field(
        False, strict=True, description="true når alternativet er rett; sløyf feltet for eit gale alternativ"
    )


class _Question(ContentModel):
    id: Id = Field(description="Fast id for spørsmålet: han står i svara som blir lagra, så ikkje endre han")
    text: Text = Field(description="Spørsmålet, som eitt avsnitt Markdown")
    explanation: Text = Field(description="Blir vist etter svaret: kvifor det rette svaret er rett (Markdown)")
    refs: Refs
    scenario: bool = Field(
        False,
        strict=True,
        description="true når spørsmålet set deltakaren i ein konkret situasjon og ber om ei avgjerd (spørsmål i ein case tel alt med)",
    )

    def choices(self) -> list[Option]:
        """The options a participant chooses between, as each kind of question has them."""
        raise NotImplementedError

    def correct_ids(self) -> list[str]:
        return [option.id for option in self.choices() if option.correct]


class SingleChoice(_Question):
    """Spørsmål med eitt rett svar."""

    type: Literal["single"] = Field(description="single: eitt rett svar")
    options: list[Option] = Field(
        min_length=2, description="Svaralternativa, minst to; nøyaktig eitt har correct: true"
    )

    def choices(self) -> list[Option]:
        return self.options


class MultipleChoice(_Question):
    """Spørsmål med fleire rette svar. Alt eller ingenting: alle dei rette alternativa og ingen andre må veljast."""

    type: Literal["multiple"] = Field(description="multiple: fleire rette svar")
    options: list[Option] = Field(min_length=2, description="Svaralternativa, minst to; dei rette har correct: true")

    def choices(self) -> list[Option]:
        return self.options


class TrueFalse(_Question):
    """Ein påstand som er sann eller usann."""

    type: Literal["true_false"] = Field(description="true_false: sant eller usant")
    answer: bool = Field(strict=True, description="true når påstanden i text er sann, false når han er usann")

    def choices(self) -> list[Option]:
        return list(_TRUE_FALSE[self.answer])


# The two options of a statement, by its answer: made once, not on every call (the pages, the manifest and each
# SCORM package ask for them; validating new models each time was a tenth of the SCORM packaging). Options are
# frozen, so the statements share them.
_TRUE_FALSE = {
    answer: (Option(id="sant", text="Sant", correct=answer), Option(id="usant", text="Usant", correct=not answer))
    for answer in (True, False)
}


Question = Annotated[SingleChoice | MultipleChoice | TrueFalse, Field(discriminator="type")]


class Case(ContentModel):
    """Ei kort pasientforteljing med spørsmål om ho; blir trekt og stokka som éin del."""

    id: Id = Field(description="Fast id for caset: han står i svara som blir lagra, så ikkje endre han")
    type: Literal["case"] = Field(description="case: ei pasientforteljing med spørsmål")
    title: Text = Field(description="Overskrifta på caset")
    story: Text = Field(description="Pasientforteljinga (Markdown)")
    questions: list[Question] = Field(min_length=1, description="Spørsmåla om caset, minst eitt")


Item = Annotated[SingleChoice | MultipleChoice | TrueFalse | Case, Field(discriminator="type")]


class Draw(ContentModel):
    """Kor mange spørsmål og casar kvart forsøk trekkjer frå modulen. Alle casane i ein modul som trekkjer casar, har
    like mange spørsmål, så kvart forsøk får like mange spørsmål å svare på."""

    questions: int = Field(
        ge=0, strict=True, description="Kor mange enkeltspørsmål (ikkje casar) kvart forsøk trekkjer"
    )
    cases: int = Field(
        0, ge=0, strict=True, description="Kor mange casar kvart forsøk trekkjer; sløyf feltet for ingen"
    )


class Module(ContentModel):
    """Ein opplæringsmodul: éi YAML-fil i quizzes/."""

    id: Id = Field(
        description="Fast id for modulen: han står i kvitteringar og i rapportane til leiarane, så ikkje endre han"
    )
    title: Text = Field(description="Tittelen på modulen")
    version: Version = Field(
        description='Versjonen av modulen, hovudversjon.underversjon i hermeteikn, til dømes "1.0"'
    )
    target_roles: list[RoleId] = Field(
        min_length=1, description="Id-ane til rollene i roles/ som modulen er meint for, minst éi"
    )
    minutes: int = Field(ge=1, strict=True, description="Kor mange minutt modulen tek, om lag")
    pass_mark: int = Field(
        ge=1, le=100, strict=True, description="Kor mange prosent av spørsmåla som må vere rette for å bestå (1–100)"
    )
    draw: Draw | None = Field(
        None,
        description=(
            "Kor mange enkeltspørsmål og casar kvart forsøk trekkjer. Bygget åtvarar når modulen har færre enn dobbelt så "
            "mange å trekkje frå, så to forsøk har om lag halvparten av spørsmåla felles; sløyf feltet for å ta med alle"
        ),
    )
    review: Literal["etter-bestått", "alltid"] = Field(
        "etter-bestått",
        description=(
            "Kva deltakaren ser etter eit forsøk som ikkje er bestått: etter-bestått (standard) viser kva spørsmål som var "
            "feil og avsnitta dei byggjer på, men ikkje rett svar og forklaring før modulen er bestått; alltid viser alt"
        ),
    )
    shuffle: bool = Field(
        True,
        strict=True,
        description="Stokk rekkjefølgja på spørsmål og svaralternativ for kvart forsøk (true om feltet manglar)",
    )
    validity_months: int = Field(ge=1, strict=True, description="Kor mange månader ein bestått modul er gyldig")
    introduction: Text = Field(description="Innleiinga som blir vist før spørsmåla (Markdown)")
    questions: list[Item] = Field(min_length=1, description="Spørsmåla og casane i modulen, minst eitt")

    def all_questions(self) -> Iterator[tuple[SingleChoice | MultipleChoice | TrueFalse, Case | None]]:
        """Every answerable question, with the case it belongs to."""
        for item in self.questions:
            if isinstance(item, Case):
                for question in item.questions:
                    yield question, item
            else:
                yield item, None

    def standalone(self) -> list:
        """The items that are single questions."""
        return [item for item in self.questions if not isinstance(item, Case)]

    def cases(self) -> list[Case]:
        return [item for item in self.questions if isinstance(item, Case)]

    def drawn(self) -> tuple[int, int]:
        """Standalone questions and cases each attempt draws."""
        if self.draw is None:
            return len(self.standalone()), len(self.cases())
        return self.draw.questions, self.draw.cases

    def situations(self) -> int:
        """Items that put the learner in a situation: a case, or a question marked scenario."""
        return sum(isinstance(item, Case) or item.scenario for item in self.questions)

    @property
    def major_version(self) -> int:
        return int(self.version.split(".")[0])
