"""The checklist's data: criteria from the guideline, what to suggest, and what to do next.

The criteria follow the legal test of spesialisthelsetenestelova § 2-5 a: a need for complex or long-term services
(`behov`) **and** for coordinated services (`koordinering`). The local aid's signs (`teikn`) help to see whether the
test is met, and a wish from the patient or relatives (`onske`) always leads to an assessment."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from ..content import ContentModel, Id, Text

Refs = Annotated[list[Id], Field(min_length=1, description="Guideline section ids")]


Part = Literal["behov", "koordinering", "teikn", "onske"]


class Criterion(ContentModel):
    id: Id
    part: Part = Field(description="behov / koordinering: the two halves of the legal test; teikn: a sign from the local aid; onske: the patient asks")
    text: Text
    help: Text
    refs: Refs


class Suggestion(ContentModel):
    none: Text = Field(description="Shown when nothing is ticked")
    met: Text = Field(description="Shown when both halves of the legal test are ticked (a behov and a koordinering)")
    wish: Text = Field(description="Shown when the wish is ticked and the test is not shown as met")
    unclear: Text = Field(description="Shown when something is ticked but not both halves of the test")


class Step(ContentModel):
    text: Text
    refs: Refs


class Checklist(ContentModel):
    title: Text
    introduction: Text
    criteria: list[Criterion] = Field(min_length=1)
    suggestion: Suggestion
    next_steps: list[Step] = Field(min_length=1)
