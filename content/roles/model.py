"""Roles and the tasks of the coordination workflow, as plain data."""

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


class Task(ContentModel):
    """Éi oppgåve i koordineringsarbeidet."""

    id: Id = Field(description="Fast id for oppgåva; rollene viser til han i responsibilities.task")
    name: Text = Field(description="Namnet på oppgåva, slik det står i oversikta over oppgåver og roller")
    refs: Refs


class TaskList(ContentModel):
    """Oppgåvene i koordineringsarbeidet (roles/oppgaver.yml), i den rekkjefølgja dei kjem i arbeidsflyten."""

    tasks: list[Task] = Field(min_length=1, description="Oppgåvene, minst éi, i rekkjefølgja i arbeidsflyten")


class Responsibility(ContentModel):
    """Kva rolla gjer i éi oppgåve."""

    task: Id = Field(description="Id-en til ei oppgåve i roles/oppgaver.yml")
    part: Literal["ansvar", "medverkar"] = Field(
        description="ansvar: rolla har ansvaret for oppgåva; medverkar: rolla er med på oppgåva"
    )
    text: Text = Field(description="Kva rolla gjer i oppgåva (Markdown)")
    refs: Refs


class Role(ContentModel):
    """Ei rolle i koordinatorordninga: éi YAML-fil i roles/."""

    id: Id = Field(description="Fast id for rolla; opplæringsmodulane viser til han i target_roles")
    name: Text = Field(description="Namnet på rolla, slik det står på rollesida")
    summary: Text = Field(description="Kort skildring av rolla og kva ho byggjer på (Markdown)")
    holders: Text = Field(description="Kven som har rolla (Markdown)")
    authority: list[Text] = Field(
        default_factory=list,
        description="Kva rolla har mynde til å gjere eller avgjere, eitt punkt per linje; feltet kan sløyfast",
    )
    responsibilities: list[Responsibility] = Field(
        min_length=1, description="Kva rolla gjer i oppgåvene i roles/oppgaver.yml, minst éi"
    )
    modules: list[Id] = Field(description="Id-ane til opplæringsmodulane rolla må gjennomføre")
