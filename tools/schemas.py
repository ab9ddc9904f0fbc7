"""JSON Schemas for the YAML files editors write, generated from the models that validate them, so that an
editor's YAML support can autocomplete and check while typing. Run `python -m tools.schemas` after
changing a model; a test fails while a schema in schemas/ is out of date, and while a YAML file lacks its
schema line (`schema_line`) or does not follow its schema.

What editors see is Norwegian (nynorsk): each model's docstring and each field's `description`. The titles
pydantic makes from class and field names are English, so they are left out; each schema gets a title here."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path, PurePosixPath

from content.checklist.model import Checklist
from content.editions import Edition
from content.guideline.approval import Approvers
from content.guideline.model import ChapterFrontMatter, Metadata
from content.roles.model import Role, TaskList
from content.training.model import Module

SCHEMAS = {
    "module.schema.json": Module,
    "retningslinje.schema.json": Metadata,
    "kapittel.schema.json": ChapterFrontMatter,
    "rolle.schema.json": Role,
    "oppgaver.schema.json": TaskList,
    "sjekkliste.schema.json": Checklist,
    "godkjennarar.schema.json": Approvers,
    "utgave.schema.json": Edition,
}

TITLES = {
    Module: "Opplæringsmodul",
    Metadata: "Metadata for retningslinja",
    ChapterFrontMatter: "Front matter i eit kapittel i retningslinja",
    Role: "Rolle",
    TaskList: "Oppgåvene i koordineringsarbeidet",
    Checklist: "Sjekkliste",
    Approvers: "Godkjennarar av retningslinja",
    Edition: "Utgåva til eit helseføretak",
}

# Which files follow which schema, as the loaders read them (each validates the whole file against the model):
# the first pattern that matches a path (relative to the project root) wins.
FILES = [
    ("quizzes/*.y*ml", "module.schema.json"),
    ("guideline/retningslinje.yml", "retningslinje.schema.json"),
    ("guideline/godkjennarar.yml", "godkjennarar.schema.json"),
    ("roles/oppgaver.yml", "oppgaver.schema.json"),
    ("roles/*.y*ml", "rolle.schema.json"),
    ("checklist/kriterium.yml", "sjekkliste.schema.json"),
    ("editions/*.yml", "utgave.schema.json"),
]
# Front matter in Markdown cannot carry a schema line; the schema is there for tests and for editors who map it.
FRONT_MATTER = [("guideline/*.md", "kapittel.schema.json")]


def render(model) -> str:
    schema = model.model_json_schema()
    _drop_titles(schema)
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": TITLES[model], **schema}
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def _drop_titles(schema: dict) -> None:
    """Remove the generated English titles from a schema and every schema inside it (not a field named title)."""
    schema.pop("title", None)
    for key in ("properties", "$defs"):
        for inner in schema.get(key, {}).values():
            _drop_titles(inner)
    for key in ("items", "additionalProperties", "not"):
        if isinstance(schema.get(key), dict):
            _drop_titles(schema[key])
    for key in ("anyOf", "oneOf", "allOf", "prefixItems"):
        for inner in schema.get(key, []):
            _drop_titles(inner)


def schema_for(path: str, patterns=FILES) -> str | None:
    """The schema file for a content file, by its path relative to the project root; None when none applies."""
    return next((schema for pattern, schema in patterns if PurePosixPath(path).match(pattern)), None)


def schema_line(path: str) -> str | None:
    """The first line a content YAML file must have, so that an editor finds its schema."""
    schema = schema_for(path)
    if schema is None:
        return None
    target = os.path.relpath(f"schemas/{schema}", PurePosixPath(path).parent.as_posix()).replace(os.sep, "/")
    return f"# yaml-language-server: $schema={target}"


def main(folder: Path) -> None:
    folder.mkdir(exist_ok=True)
    for name, model in SCHEMAS.items():
        (folder / name).write_text(render(model), encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "schemas")
