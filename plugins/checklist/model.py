"""The checklist's data: criteria from the guideline, what to suggest, and what to do next."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from ..content import ContentModel, Id, Text

Refs = Annotated[list[Id], Field(min_length=1, description="Guideline section ids")]


class Criterion(ContentModel):
    id: Id
    text: Text
    help: Text
    refs: Refs


class Suggestion(ContentModel):
    none: Text = Field(description="Shown when no criterion is ticked")
    some: Text = Field(description="Shown when one or more criteria are ticked")


class Step(ContentModel):
    text: Text
    refs: Refs


class Checklist(ContentModel):
    title: Text
    introduction: Text
    criteria: list[Criterion] = Field(min_length=1)
    suggestion: Suggestion
    next_steps: list[Step] = Field(min_length=1)
