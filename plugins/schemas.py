"""JSON Schemas for the YAML files editors write, generated from the models that validate them, so that an
editor's YAML support can autocomplete and check while typing. Run `python -m plugins.schemas` after
changing a model; a test fails while a schema in schemas/ is out of date."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .guideline.model import Metadata
from .quiz.model import Module

SCHEMAS = {"module.schema.json": Module, "retningslinje.schema.json": Metadata}


def render(model) -> str:
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **model.model_json_schema()}
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def main(folder: Path) -> None:
    folder.mkdir(exist_ok=True)
    for name, model in SCHEMAS.items():
        (folder / name).write_text(render(model), encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "schemas")
