"""A training module as plain data: questions bound to guideline sections, and how an attempt is scored."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import Field

from ..content import ContentModel, Id, Text, Version

# Ids of the roles a module is meant for; the role descriptions use the same ids.
RoleId = Id
Refs = Annotated[list[Id], Field(min_length=1, description="Guideline section ids the question tests")]


class Option(ContentModel):
    id: Id
    text: Text
    correct: bool = Field(False, strict=True)


class _Question(ContentModel):
    id: Id
    text: Text = Field(description="The question, as one paragraph of Markdown")
    explanation: Text = Field(description="Shown after answering: why the right answer is right (Markdown)")
    refs: Refs
    scenario: bool = Field(
        False, strict=True,
        description="The question puts the learner in a concrete situation and asks for a decision (questions in a case count already)",
    )

    def choices(self) -> list[Option]:
        return self.options

    def correct_ids(self) -> list[str]:
        return [option.id for option in self.choices() if option.correct]


class SingleChoice(_Question):
    type: Literal["single"]
    options: list[Option] = Field(min_length=2)


class MultipleChoice(_Question):
    """Scored all or nothing: every correct option and no other must be chosen."""

    type: Literal["multiple"]
    options: list[Option] = Field(min_length=2)


class TrueFalse(_Question):
    type: Literal["true_false"]
    answer: bool = Field(strict=True, description="Whether the statement in text is true")

    def choices(self) -> list[Option]:
        return [Option(id="sant", text="Sant", correct=self.answer), Option(id="usant", text="Usant", correct=not self.answer)]


Question = Annotated[SingleChoice | MultipleChoice | TrueFalse, Field(discriminator="type")]


class Case(ContentModel):
    """A short patient story followed by questions about it; drawn and shuffled as one item."""

    id: Id
    type: Literal["case"]
    title: Text
    story: Text = Field(description="The patient story (Markdown)")
    questions: list[Question] = Field(min_length=1)


Item = Annotated[SingleChoice | MultipleChoice | TrueFalse | Case, Field(discriminator="type")]


class Module(ContentModel):
    id: Id
    title: Text
    version: Version
    target_roles: list[RoleId] = Field(min_length=1)
    minutes: int = Field(ge=1, strict=True, description="Estimated time in minutes")
    pass_mark: int = Field(ge=1, le=100, strict=True, description="Percent of questions that must be right to pass")
    draw: int | None = Field(None, ge=1, strict=True, description="Items drawn per attempt (a case is one item); all by default")
    shuffle: bool = Field(True, strict=True, description="Shuffle the order of questions and options per attempt")
    validity_months: int = Field(ge=1, strict=True, description="How long a completion is valid")
    introduction: Text
    questions: list[Item] = Field(min_length=1)

    def all_questions(self) -> Iterator[tuple[SingleChoice | MultipleChoice | TrueFalse, Case | None]]:
        """Every answerable question, with the case it belongs to."""
        for item in self.questions:
            if isinstance(item, Case):
                for question in item.questions:
                    yield question, item
            else:
                yield item, None

    def situations(self) -> int:
        """Items that put the learner in a situation: a case, or a question marked scenario."""
        return sum(isinstance(item, Case) or item.scenario for item in self.questions)

    @property
    def major_version(self) -> int:
        return int(self.version.split(".")[0])


def is_correct(question: SingleChoice | MultipleChoice | TrueFalse, chosen: set[str]) -> bool:
    """All or nothing: exactly the correct options."""
    return chosen == set(question.correct_ids())


def passed(correct: int, total: int, pass_mark: int) -> bool:
    """Integer arithmetic, so that 80 % of 10 is exactly 8 everywhere the rule is applied."""
    return total > 0 and correct * 100 >= pass_mark * total
