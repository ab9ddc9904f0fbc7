"""The checklist's data: criteria from the guideline, what to suggest, and what to do next.

The criteria follow the legal test of spesialisthelsetenestelova § 2-5 a: a need for complex or long-term services
(`behov`) **and** for coordinated services (`koordinering`). The local aid's signs (`teikn`) help to see whether the
test is met, and a wish from the patient or relatives (`onske`) always leads to an assessment."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from content.yamlfile import ContentModel, Id, Text

Refs = Annotated[
    list[Id],
    Field(
        min_length=1,
        description="Id-ane til avsnitta i retningslinja som dette byggjer på (id-en står i {#...} etter overskrifta), minst éin",
    ),
]


Part = Literal["behov", "koordinering", "teikn", "onske"]


class Criterion(ContentModel):
    """Eitt kriterium i sjekklista: ein påstand som kan kryssast av."""

    id: Id = Field(description="Fast id for kriteriet")
    part: Part = Field(
        description="behov / koordinering: dei to delane av vilkåra i lova; teikn: eit teikn frå det lokale hjelpemiddelet; onske: pasienten eller pårørande ber sjølv om koordinator"
    )
    text: Text = Field(description="Påstanden som blir kryssa av (rein tekst)")
    help: Text = Field(description="Forklaring som blir vist saman med påstanden (rein tekst)")
    refs: Refs


class Suggestion(ContentModel):
    """Forslaget sjekklista viser etter det som er kryssa av."""

    none: Text = Field(description="Blir vist når ingenting er kryssa av")
    met: Text = Field(description="Blir vist når begge delane av vilkåra er kryssa av (eit behov og ei koordinering)")
    wish: Text = Field(description="Blir vist når ønsket er kryssa av og vilkåra ikkje er viste som oppfylte")
    unclear: Text = Field(description="Blir vist når noko er kryssa av, men ikkje begge delane av vilkåra")


class Step(ContentModel):
    """Eit steg i kva du gjer vidare."""

    text: Text = Field(description="Kva du gjer i dette steget (Markdown)")
    refs: Refs


class Checklist(ContentModel):
    """Sjekklista «Treng pasienten koordinator?» (checklist/kriterium.yml)."""

    title: Text = Field(description="Overskrifta på sjekklista")
    introduction: Text = Field(description="Innleiinga over kriteria (Markdown)")
    criteria: list[Criterion] = Field(
        min_length=1,
        description="Kriteria som kan kryssast av; det må vere minst eitt med part behov, eitt med koordinering og eitt med onske",
    )
    suggestion: Suggestion = Field(description="Forslaga sjekklista viser, etter kva som er kryssa av")
    next_steps: list[Step] = Field(min_length=1, description="Kva du gjer vidare, steg for steg, minst eitt")
