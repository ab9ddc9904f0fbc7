"""Roles and the tasks of the coordination workflow, as plain data."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from ..content import ContentModel, Id, Text

Refs = Annotated[list[Id], Field(min_length=1, description="Guideline section ids")]


class Task(ContentModel):
    id: Id
    name: Text
    refs: Refs


class TaskList(ContentModel):
    tasks: list[Task] = Field(min_length=1)


class Responsibility(ContentModel):
    task: Id = Field(description="A task id from roles/oppgaver.yml")
    part: Literal["ansvar", "medverkar"]
    text: Text
    refs: Refs


class Role(ContentModel):
    id: Id
    name: Text
    summary: Text
    holders: Text = Field(description="Who holds the role")
    authority: list[Text] = Field(default_factory=list)
    responsibilities: list[Responsibility] = Field(min_length=1)
    modules: list[Id] = Field(description="Training modules the role must complete (module ids)")
